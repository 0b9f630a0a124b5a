using System.ComponentModel;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Models;

/// <summary>One hidden layer as sent: the fields that apply depend on <see cref="Type"/>.</summary>
[Description("A hidden layer. dense: units (required), activation, optional l1/l2/maxNorm overriding the model's regularization for its weights. dropout: rate (required). batchNormalization: no parameters.")]
public sealed record LayerRequest(
    [property: Description("Layer type. Required."), StringEnum(typeof(LayerType))]
    string? Type,
    [property: Description("dense only: number of units, 1 to 65536. Required for dense.")]
    int? Units = null,
    [property: Description("dense only: activation. Default relu."), StringEnum(typeof(Core.Models.Activation))]
    string? Activation = null,
    [property: Description("dropout only: probability of dropping an input while training, 0 ≤ rate < 1. Required for dropout.")]
    double? Rate = null,
    [property: Description("dense only: L1 strength ≥ 0 for this layer's weights. Default: the model's regularization.l1.")]
    double? L1 = null,
    [property: Description("dense only: L2 strength ≥ 0 for this layer's weights. Default: the model's regularization.l2.")]
    double? L2 = null,
    [property: Description("dense only: max L2 norm > 0 of each unit's incoming weights. Default: the model's regularization.maxNorm.")]
    double? MaxNorm = null);
