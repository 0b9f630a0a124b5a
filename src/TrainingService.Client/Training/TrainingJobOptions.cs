namespace TrainingService.Client;

/// <summary>A job's settings with every default filled in, as stored; <see cref="Fold"/> is set on a cross-validated tuning trial's fold jobs.</summary>
public sealed record TrainingJobOptions(
    int Epochs,
    int BatchSize,
    double ValidationSplit,
    Guid? ValidationDatasetId,
    bool Shuffle,
    EarlyStopping? EarlyStopping,
    LearningRateSchedule LearningRateSchedule,
    int? MaxRuntimeSeconds,
    long Seed,
    ClassWeights? ClassWeights = null,
    string? WeightColumn = null,
    CrossValidationFold? Fold = null,
    Guid? InitFromJobId = null,
    bool ResumeOptimizer = false);
