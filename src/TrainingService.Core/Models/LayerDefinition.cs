using System.Text.Json.Serialization;

namespace TrainingService.Core.Models;

/// <summary>
/// One hidden layer, in order from the input. The output layer is never listed: the service adds it from the task
/// and the target (see <see cref="ModelOutput"/>). Stored and echoed with a <c>type</c> discriminator.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DenseLayerDefinition), "dense")]
[JsonDerivedType(typeof(DropoutLayerDefinition), "dropout")]
[JsonDerivedType(typeof(BatchNormalizationLayerDefinition), "batchNormalization")]
public abstract record LayerDefinition;
