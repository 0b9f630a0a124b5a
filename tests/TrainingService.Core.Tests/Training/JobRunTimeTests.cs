using TrainingService.Core.Training;

namespace TrainingService.Core.Tests.Training;

public sealed class JobRunTimeTests
{
    [Fact]
    public void Remaining_EarlierAttemptsAndThisOnesTimeSincePreparationStarted_CountAgainstTheBudget()
    {
        var clock = new ManualClock();
        // 50 minutes stored with the last checkpoint; this attempt starts its clock, then prepares for 5 minutes.
        var runTime = new JobRunTime(TimeSpan.FromMinutes(50), clock.GetTimestamp(), clock);
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromMinutes(55), runTime.Elapsed);
        Assert.Equal(TimeSpan.FromMinutes(5), runTime.Remaining(3600));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(runTime.Remaining(3600) < TimeSpan.Zero);
        Assert.Null(runTime.Remaining(null));
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _timestamp;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _timestamp;

        public void Advance(TimeSpan by) => _timestamp += by.Ticks;
    }
}
