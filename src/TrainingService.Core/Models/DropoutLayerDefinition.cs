namespace TrainingService.Core.Models;

/// <summary>Zeroes each input with probability <see cref="Rate"/> while training (inverted dropout); identity at inference.</summary>
public sealed record DropoutLayerDefinition(double Rate) : LayerDefinition;
