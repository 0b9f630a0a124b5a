namespace TrainingService.Core.Training;

/// <summary>A training job's settings with every default filled in; stored as the job's <c>options</c> (jsonb).</summary>
public sealed record TrainingJobParameters
{
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 32;

    /// <summary>Share of the dataset's rows held out for validation (seeded; stratified for classification). Ignored when <see cref="ValidationDatasetId"/> is set.</summary>
    public double ValidationSplit { get; init; } = 0.2;

    public Guid? ValidationDatasetId { get; init; }

    public bool Shuffle { get; init; } = true;

    public EarlyStoppingRequest? EarlyStopping { get; init; }

    public LearningRateScheduleRequest LearningRateSchedule { get; init; } = new();

    public int? MaxRuntimeSeconds { get; init; }

    public long Seed { get; init; }

    public ClassWeights? ClassWeights { get; init; }

    public string? WeightColumn { get; init; }

    /// <summary>Set on a cross-validation fold job (a tuning job's): the fold it validates on replaces the split.</summary>
    /// <remarks>Left out of the JSON when null, so every other job's stored parameters (and response) stay as they were.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public CrossValidationFold? Fold { get; init; }

    /// <summary>The job whose final training state starts this one (<see cref="TrainingJob.StartEpoch"/> says at which epoch); null for fresh weights.</summary>
    public Guid? InitFromJobId { get; init; }

    /// <summary>Continue <see cref="InitFromJobId"/>'s optimizer slots, schedule, early-stopping and random states too, rather than fresh ones.</summary>
    public bool ResumeOptimizer { get; init; }
}
