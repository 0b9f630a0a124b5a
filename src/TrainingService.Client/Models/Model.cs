namespace TrainingService.Client;

/// <summary>A stored model definition with every default filled in; <see cref="LatestTrainingJobId"/> is its latest succeeded job, <see cref="ProductionTrainingJobId"/> the one pinned for production (predictions that name no job use it, else the latest).</summary>
public sealed record Model(
    Guid Id,
    string Name,
    ModelTask Task,
    string TargetColumn,
    IReadOnlyList<string>? FeatureColumns,
    IReadOnlyList<Layer> Layers,
    LossFunction Loss,
    double? HuberDelta,
    Optimizer Optimizer,
    Regularization Regularization,
    WeightInitializer Initializer,
    Preprocessing Preprocessing,
    long Seed,
    string OutputLayer,
    DateTimeOffset CreatedAt,
    Guid? LatestTrainingJobId,
    Guid? ProductionTrainingJobId = null);
