namespace TrainingService.Client;

/// <summary>Drops each input with probability <c>rate</c> while training.</summary>
public sealed record DropoutLayer(double Rate) : Layer;
