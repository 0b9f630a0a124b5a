namespace TrainingService.Client;

/// <summary>How numeric features are scaled (fitted on the training split).</summary>
public enum NumericScaling
{
    Standardize,
    MinMax,
    None,
}
