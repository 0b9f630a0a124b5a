namespace TrainingService.Client;

/// <summary>A job's settings with every default filled in, as stored.</summary>
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
    Guid? InitFromJobId = null,
    bool ResumeOptimizer = false);
