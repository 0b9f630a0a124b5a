namespace TrainingService.Core.Training;

/// <summary>
/// How a feature column becomes network inputs, as the model definition says: the fitted numbers (means, ranges,
/// the categories seen in training rows) are known only once a worker has prepared the data.
/// </summary>
public enum PlannedEncoding
{
    /// <summary>Numeric, scaled to mean 0 and standard deviation 1 on the training rows.</summary>
    Standardized,

    /// <summary>Numeric, scaled to [0, 1] by the training rows' minimum and maximum.</summary>
    MinMax,

    /// <summary>Numeric, passed through as it is.</summary>
    Unscaled,

    /// <summary>Categorical, one input per category.</summary>
    OneHot,
}
