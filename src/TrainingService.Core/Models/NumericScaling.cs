namespace TrainingService.Core.Models;

/// <summary>How numeric feature columns are scaled, fitted on the training split only.</summary>
public enum NumericScaling
{
    Standardize,
    MinMax,
    None,
}
