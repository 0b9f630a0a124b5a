namespace TrainingService.Engine.Training;

/// <summary>How targets are encoded, which decides the metrics reported for them.</summary>
internal enum TargetKind
{
    /// <summary>One-hot rows; predicted class is the row's arg-max.</summary>
    Categorical,

    /// <summary>Independent 0/1 columns; predicted 1 when the output is above a threshold.</summary>
    Binary,

    /// <summary>Real values.</summary>
    Regression,
}
