namespace TrainingService.Core.Models;

/// <summary>
/// A fully connected layer followed by its activation. <see cref="L1"/>, <see cref="L2"/> and <see cref="MaxNorm"/>
/// override the model's <see cref="RegularizationDefinition"/> for this layer's weights; null means the model's applies.
/// </summary>
public sealed record DenseLayerDefinition(int Units, Activation Activation, double? L1 = null, double? L2 = null, double? MaxNorm = null)
    : LayerDefinition;
