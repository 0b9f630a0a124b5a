using System.Text.Json.Serialization;

namespace TrainingService.Client;

/// <summary>A hidden layer, in order from the input; the service adds the output layer. Sent and received with a <c>type</c> discriminator.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DenseLayer), "dense")]
[JsonDerivedType(typeof(DropoutLayer), "dropout")]
[JsonDerivedType(typeof(BatchNormalizationLayer), "batchNormalization")]
public abstract record Layer;
