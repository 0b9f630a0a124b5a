namespace TrainingService.Engine.Training;

/// <summary>
/// A supervised data set held in memory: <see cref="Features"/> row-major <c>[Rows, InputSize]</c> and
/// <see cref="Targets"/> row-major <c>[Rows, TargetSize]</c> (one-hot rows for categorical
/// cross-entropy, 0/1 for binary cross-entropy, values for regression). The trainer only reads them.
/// </summary>
public sealed record TrainingData
{
    public TrainingData(float[] features, float[] targets, int inputSize, int targetSize)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSize);
        if (features.Length % inputSize != 0)
            throw new ArgumentException($"{features.Length} feature values are not whole rows of {inputSize}.", nameof(features));
        int rows = features.Length / inputSize;
        if (targets.Length != rows * targetSize)
            throw new ArgumentException($"{rows} rows need {rows * targetSize} target values of width {targetSize}; got {targets.Length}.", nameof(targets));
        if (rows == 0)
            throw new ArgumentException("A data set needs at least one row.", nameof(features));
        (Features, Targets, InputSize, TargetSize, Rows) = (features, targets, inputSize, targetSize, rows);
    }

    public float[] Features { get; }

    public float[] Targets { get; }

    public int InputSize { get; }

    public int TargetSize { get; }

    public int Rows { get; }
}
