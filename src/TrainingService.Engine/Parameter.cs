namespace TrainingService.Engine;

/// <summary>
/// A trainable tensor of a layer: its values and the gradient of the loss with respect to them,
/// both row-major <c>[Rows, Cols]</c> and of equal length. Optimizers update <see cref="Value"/>
/// from <see cref="Gradient"/>; layers accumulate into <see cref="Gradient"/> during backward.
/// </summary>
public sealed class Parameter
{
    public Parameter(string name, int rows, int cols, bool isWeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        Name = name;
        Rows = rows;
        Cols = cols;
        IsWeight = isWeight;
        Value = new float[rows * cols];
        Gradient = new float[rows * cols];
    }

    public string Name { get; }

    public int Rows { get; }

    public int Cols { get; }

    public int Length => Value.Length;

    /// <summary>True for weight matrices (regularized, max-norm constrained); false for biases and normalization shifts/scales.</summary>
    public bool IsWeight { get; }

    public float[] Value { get; }

    public float[] Gradient { get; }

    /// <summary>Per-layer L1 strength; null means the network's global setting applies.</summary>
    public float? L1 { get; set; }

    /// <summary>Per-layer L2 strength; null means the network's global setting applies.</summary>
    public float? L2 { get; set; }

    /// <summary>Upper bound on the L2 norm of each unit's incoming weights (a column of a <c>[in, out]</c> matrix); null for none.</summary>
    public float? MaxNorm { get; set; }

    public void ZeroGradient() => Array.Clear(Gradient);
}
