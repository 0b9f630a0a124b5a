namespace TrainingService.Client;

/// <summary>How a feature column becomes network inputs.</summary>
public enum PlannedEncoding
{
    Standardized,
    MinMax,
    Unscaled,
    OneHot,
}
