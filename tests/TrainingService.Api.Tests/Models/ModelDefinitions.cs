using TrainingService.Core.Models;

namespace TrainingService.Api.Tests.Models;

/// <summary>Model definitions for tests that store a model row directly rather than through the API.</summary>
internal static class ModelDefinitions
{
    public static readonly ModelDefinition Minimal = new(
        ModelTask.Classification, "label", null, [new DenseLayerDefinition(8, Activation.Relu)], LossFunction.Auto, null,
        new OptimizerDefinition(OptimizerType.Sgd, 0.01), new RegularizationDefinition(0, 0, null), WeightInitializer.He,
        new PreprocessingDefinition(NumericScaling.Standardize, MissingValueStrategy.Mean), Seed: 1);
}
