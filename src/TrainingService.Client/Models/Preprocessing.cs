namespace TrainingService.Client;

/// <summary>Feature preprocessing; categorical features are always one-hot encoded.</summary>
public sealed record Preprocessing(NumericScaling? Numeric = null, MissingValueStrategy? Missing = null);
