using System.ComponentModel;
using TrainingService.Core.Models;

namespace TrainingService.Api.Models;

/// <summary>A stored model: its definition with every default filled in, and where it stands.</summary>
[Description("A stored model definition with every default filled in.")]
public sealed record ModelResponse(
    Guid Id,
    string Name,
    ModelTask Task,
    string TargetColumn,
    [property: Description("null: every column of the training dataset except the target.")]
    IReadOnlyList<string>? FeatureColumns,
    [property: Description("The hidden layers; the output layer is added by the service (see outputLayer).")]
    IReadOnlyList<LayerDefinition> Layers,
    [property: Description("auto (classification only): binaryCrossEntropy when the target has two classes, else categoricalCrossEntropy, decided at training time.")]
    LossFunction Loss,
    [property: Description("The Huber threshold when loss is huber, else null.")]
    double? HuberDelta,
    OptimizerDefinition Optimizer,
    RegularizationDefinition Regularization,
    WeightInitializer Initializer,
    PreprocessingDefinition Preprocessing,
    long Seed,
    [property: Description("The output layer the service adds at training time, in words.")]
    string OutputLayer,
    DateTimeOffset CreatedAt,
    [property: Description("The latest training job that succeeded, or null until one has.")]
    Guid? LatestTrainingJobId,
    [property: Description("The training job pinned for production (PUT /api/models/{id}/production), or null. Predictions that name no job use it, else latestTrainingJobId.")]
    Guid? ProductionTrainingJobId)
{
    public static ModelResponse From(
        Guid id, string name, ModelDefinition d, DateTimeOffset createdAt, Guid? latestTrainingJobId, Guid? productionTrainingJobId) =>
        new(id, name, d.Task, d.TargetColumn, d.FeatureColumns, d.Layers, d.Loss, d.HuberDelta, d.Optimizer, d.Regularization,
            d.Initializer, d.Preprocessing, d.Seed, ModelOutput.Describe(d), createdAt, latestTrainingJobId, productionTrainingJobId);
}
