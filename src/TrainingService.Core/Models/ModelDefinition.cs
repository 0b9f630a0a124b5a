namespace TrainingService.Core.Models;

/// <summary>
/// A validated model definition with every default filled in, as stored in <see cref="Model.Definition"/>
/// (as jsonb, through <see cref="Data.StoredJson"/>). Two things stay open until a dataset is known:
/// <see cref="FeatureColumns"/> null means every column but the target, and <see cref="LossFunction.Auto"/> with the
/// output layer are resolved by <see cref="ModelOutput.Resolve"/>.
/// </summary>
public sealed record ModelDefinition(
    ModelTask Task,
    string TargetColumn,
    IReadOnlyList<string>? FeatureColumns,
    IReadOnlyList<LayerDefinition> Layers,
    LossFunction Loss,
    double? HuberDelta,
    OptimizerDefinition Optimizer,
    RegularizationDefinition Regularization,
    WeightInitializer Initializer,
    PreprocessingDefinition Preprocessing,
    long Seed);
