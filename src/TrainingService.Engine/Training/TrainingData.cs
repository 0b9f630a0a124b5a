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

    /// <summary>
    /// A weight per row (<c>[Rows]</c>, each finite and ≥ 0), scaling that row's loss and gradient in training and its
    /// loss in validation; null weighs every row 1. Class weights are these, looked up by each row's label.
    /// </summary>
    public float[]? SampleWeights
    {
        get => _sampleWeights;
        init
        {
            if (value is not null)
            {
                if (value.Length != Rows)
                    throw new ArgumentException($"{Rows} rows need {Rows} sample weights; got {value.Length}.", nameof(SampleWeights));
                foreach (float w in value)
                    if (!(w >= 0f) || !float.IsFinite(w))
                        throw new ArgumentException($"Sample weights must be finite and >= 0; got {w}.", nameof(SampleWeights));
            }
            _sampleWeights = value;
        }
    }

    private readonly float[]? _sampleWeights;
}
