namespace TrainingService.Client;

/// <summary>What a job trains, worked out from the model and the dataset when it was queued (or by the dry run).</summary>
public sealed record TrainingPlan(
    string TargetColumn,
    LossFunction Loss,
    double? HuberDelta,
    OutputActivation OutputActivation,
    int OutputUnits,
    IReadOnlyList<PlannedFeature> Features,
    MissingValueStrategy MissingValues,
    long InputWidth,
    IReadOnlyList<LayerSummary> Layers,
    long Parameters,
    long TrainingRows,
    long ValidationRows,
    long RowsWithoutTarget,
    PlannedClassWeights? ClassWeights = null,
    string? WeightColumn = null);
