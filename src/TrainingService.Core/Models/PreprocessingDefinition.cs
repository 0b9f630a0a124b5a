namespace TrainingService.Core.Models;

/// <summary>Feature preprocessing fitted on the training split. Categorical features are always one-hot encoded.</summary>
public sealed record PreprocessingDefinition(NumericScaling Numeric, MissingValueStrategy Missing);
