using TrainingService.Engine.Metrics;
using TrainingService.Engine.Schedules;

namespace TrainingService.Engine.Tests.Schedules;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void LearningRate_Constant_IsBaseRateEveryEpoch()
    {
        var schedule = LearningRateScheduleFactory.Create(null, 0.01f, 10);

        Assert.All(Enumerable.Range(0, 10), e => Assert.Equal(0.01f, schedule.LearningRate(e)));
    }

    [Fact]
    public void LearningRate_Step_DecaysEveryStepSizeEpochs()
    {
        var schedule = LearningRateScheduleFactory.Create(
            new LearningRateScheduleSpec { Type = ScheduleType.Step, StepSize = 3, Gamma = 0.5 }, 0.8f, 10);

        float[] expected = [0.8f, 0.8f, 0.8f, 0.4f, 0.4f, 0.4f, 0.2f];
        for (int e = 0; e < expected.Length; e++)
            Assert.Equal(expected[e], schedule.LearningRate(e), 1e-7f);
    }

    [Fact]
    public void LearningRate_Exponential_MultipliesByGammaPerEpoch()
    {
        var schedule = LearningRateScheduleFactory.Create(
            new LearningRateScheduleSpec { Type = ScheduleType.Exponential, Gamma = 0.9 }, 1f, 10);

        Assert.Equal(1f, schedule.LearningRate(0));
        Assert.Equal(0.9f, schedule.LearningRate(1), 1e-7f);
        Assert.Equal(0.729f, schedule.LearningRate(3), 1e-6f);
    }

    [Fact]
    public void LearningRate_NoGamma_UsesTheDefaultOfItsType()
    {
        var exponential = LearningRateScheduleFactory.Create(new LearningRateScheduleSpec { Type = ScheduleType.Exponential }, 1f, 10);
        var step = LearningRateScheduleFactory.Create(new LearningRateScheduleSpec { Type = ScheduleType.Step, StepSize = 1 }, 1f, 10);

        Assert.Equal(0.95f, exponential.LearningRate(1), 1e-7f);
        Assert.Equal(0.9025f, exponential.LearningRate(2), 1e-7f);
        Assert.Equal(0.1f, step.LearningRate(1), 1e-7f);
    }

    [Fact]
    public void LearningRate_Cosine_AnnealsFromBaseToMinimum()
    {
        var schedule = LearningRateScheduleFactory.Create(
            new LearningRateScheduleSpec { Type = ScheduleType.Cosine, MinLearningRate = 0.1 }, 1.1f, 4);

        // min + (base − min)·(1 + cos(π·e/4))/2
        Assert.Equal(1.1f, schedule.LearningRate(0), 1e-6f);
        Assert.Equal(0.1 + 0.5 * (1 + Math.Cos(Math.PI / 4)), schedule.LearningRate(1), 1e-6);
        Assert.Equal(0.6f, schedule.LearningRate(2), 1e-6f);
        Assert.Equal(0.1f, schedule.LearningRate(4), 1e-6f);
    }

    [Fact]
    public void EpochEnded_ReduceOnPlateau_ReducesAfterPatienceExceeded()
    {
        var schedule = LearningRateScheduleFactory.Create(
            new LearningRateScheduleSpec { Type = ScheduleType.ReduceOnPlateau, Patience = 2, Factor = 0.5, MinLearningRate = 0.3 }, 1f, 100);
        double[] losses = [1.0, 0.9, 0.95, 0.92];

        var rates = new List<float>();
        foreach (double loss in losses)
        {
            schedule.EpochEnded(rates.Count, loss);
            rates.Add(schedule.LearningRate(rates.Count + 1));
        }
        // Two more bad epochs (3 in a row > patience 2) trigger the reduction; then the floor holds.
        schedule.EpochEnded(4, 0.91);
        float afterThird = schedule.LearningRate(5);
        for (int e = 5; e < 20; e++)
            schedule.EpochEnded(e, 2.0);

        Assert.Equal([1f, 1f, 1f, 1f], rates);
        Assert.Equal(0.5f, afterThird);
        Assert.Equal(0.3f, schedule.LearningRate(20));
        Assert.Equal(MetricMonitor.ValidationLoss, schedule.Monitor);
    }

    [Fact]
    public void EpochEnded_ReduceOnPlateauMaxMode_TreatsIncreaseAsImprovement()
    {
        var schedule = new ReduceOnPlateauSchedule(1.0, "validationAccuracy", patience: 0, factor: 0.5);

        schedule.EpochEnded(0, 0.5);
        schedule.EpochEnded(1, 0.6);
        float improving = schedule.LearningRate(2);
        schedule.EpochEnded(2, 0.55);

        Assert.Equal(1f, improving);
        Assert.Equal(0.5f, schedule.LearningRate(3));
    }

    [Fact]
    public void SetState_ReduceOnPlateau_RestoresRateAndCounters()
    {
        var original = new ReduceOnPlateauSchedule(1.0, patience: 1, factor: 0.5);
        original.EpochEnded(0, 1.0);
        original.EpochEnded(1, 1.0);
        original.EpochEnded(2, 1.0);
        original.EpochEnded(3, 1.0);
        var restored = new ReduceOnPlateauSchedule(1.0, patience: 1, factor: 0.5);

        restored.SetState(original.GetState());
        original.EpochEnded(4, 1.0);
        original.EpochEnded(5, 1.0);
        restored.EpochEnded(4, 1.0);
        restored.EpochEnded(5, 1.0);

        Assert.Equal(0.25f, original.LearningRate(6)); // reduced after epochs 2 and 4
        Assert.Equal(original.LearningRate(6), restored.LearningRate(6));
        Assert.Equal(original.GetState(), restored.GetState());
    }
}
