using System.ComponentModel;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Models;

/// <summary>
/// A model definition as sent. Every field is optional here and enum-like fields are strings, so that validation,
/// not JSON binding, reports every mistake at once with the allowed values.
/// </summary>
[Description("A feed-forward network definition. Only name, task and targetColumn are required; every other field has a default, and the response echoes the definition with all defaults filled in.")]
public sealed record CreateModelRequest(
    [property: Description("Display name, 1 to 256 characters. Required.")]
    string? Name,
    [property: Description("What the network predicts. Required."), StringEnum(typeof(ModelTask))]
    string? Task,
    [property: Description("The dataset column to predict. Required. Classification targets may be categorical or numeric; regression targets must be numeric.")]
    string? TargetColumn,
    [property: Description("Input columns. Omitted, null or empty: every column of the training dataset except the target (resolved at training time).")]
    IReadOnlyList<string?>? FeatureColumns = null,
    [property: Description("Hidden layers in order from the input; 0 to 64 (none is linear or logistic regression). Do not list the output layer: the service adds it from the task and the target — one linear unit for regression; for classification one softmax unit per class, or one sigmoid unit when the loss is binaryCrossEntropy (or auto with two classes).")]
    IReadOnlyList<LayerRequest?>? Layers = null,
    [property: Description("Loss. Default for regression: meanSquaredError. Default for classification: auto = binaryCrossEntropy when the target has two classes, else categoricalCrossEntropy, decided at training time. Classification allows auto, categoricalCrossEntropy, binaryCrossEntropy; regression allows meanSquaredError, meanAbsoluteError, huber."), StringEnum(typeof(LossFunction))]
    string? Loss = null,
    [property: Description("Huber loss threshold δ > 0, only with loss huber. Default 1.0.")]
    double? HuberDelta = null,
    [property: Description("Optimizer and its parameters. Default: adam with its defaults.")]
    OptimizerRequest? Optimizer = null,
    [property: Description("Model-wide weight penalties and max-norm constraint; dense layers may override them. Default: l1 0, l2 0, maxNorm null.")]
    RegularizationRequest? Regularization = null,
    [property: Description("Weight initialization. Default he."), StringEnum(typeof(WeightInitializer))]
    string? Initializer = null,
    [property: Description("Feature preprocessing. Default: numeric standardize, missing mean. Categorical features are always one-hot encoded.")]
    PreprocessingRequest? Preprocessing = null,
    [property: Description("Random seed for initialization, shuffling and dropout, 0 to 2^53−1. Default: a random seed chosen at creation and stored, so training is reproducible.")]
    long? Seed = null);
