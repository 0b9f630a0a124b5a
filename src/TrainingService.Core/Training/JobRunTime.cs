namespace TrainingService.Core.Training;

/// <summary>
/// How long a job has run over all its attempts, which <c>maxRuntimeSeconds</c> limits: the run time stored with its
/// last checkpoint plus this attempt's time since it started, preparation included. Each attempt is timed on the
/// monotonic clock, so the time a job waits in the queue between attempts (retry delays, a dead worker's invisibility
/// timeout) never counts, and the stored part survives a crash.
/// </summary>
/// <remarks>
/// REVIEW: what an attempt spends after its last checkpoint is lost if it crashes; the resumed run does that epoch
/// again and counts it then.
/// </remarks>
public sealed class JobRunTime(TimeSpan beforeThisAttempt, long attemptStart, TimeProvider clock)
{
    /// <summary>The run time so far, as stored with the next checkpoint.</summary>
    public TimeSpan Elapsed => beforeThisAttempt + clock.GetElapsedTime(attemptStart);

    /// <summary>What is left of <paramref name="maxRuntimeSeconds"/>: null without a limit, zero or less when spent.</summary>
    public TimeSpan? Remaining(int? maxRuntimeSeconds) =>
        maxRuntimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) - Elapsed : null;
}
