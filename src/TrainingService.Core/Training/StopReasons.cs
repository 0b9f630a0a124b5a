namespace TrainingService.Core.Training;

/// <summary>Why a job stopped, as stored and returned (<c>stopReason</c>).</summary>
public static class StopReasons
{
    public const string Completed = "completed";
    public const string EarlyStopping = "earlyStopping";
    public const string Cancelled = "cancelled";
    public const string MaxRuntime = "maxRuntime";
    public const string Diverged = "diverged";
    public const string Failed = "failed";

    /// <summary>A tuning trial stopped by median pruning (<see cref="Tuning.TrialPruning"/>); its status is cancelled.</summary>
    public const string Pruned = "pruned";
}
