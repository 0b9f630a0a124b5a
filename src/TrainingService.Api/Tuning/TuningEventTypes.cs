namespace TrainingService.Api.Tuning;

/// <summary>The event names of a tuning job's stream (its <c>end</c> is <see cref="Core.Events.TrainingJobEventTypes.End"/>).</summary>
public static class TuningEventTypes
{
    public const string Tuning = "tuning";
    public const string Trial = "trial";
    public const string TrialEpoch = "trialEpoch";
}
