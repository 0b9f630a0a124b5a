namespace TrainingService.Engine.Layers;

/// <summary>
/// Settings and state that the layers of one network share: the thread budget handed to GEMM and
/// the generator dropout draws its masks from. Owned by the network; not thread-safe.
/// </summary>
public sealed class LayerContext
{
    private int _maxThreads = 1;

    public LayerContext(SeededRandom dropoutRandom) => DropoutRandom = dropoutRandom;

    /// <summary>Threads a single GEMM may use; results are bit-identical for a given value.</summary>
    public int MaxThreads
    {
        get => _maxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxThreads = value;
        }
    }

    /// <summary>Source of dropout masks; replaced wholesale when a checkpoint restores its state.</summary>
    public SeededRandom DropoutRandom { get; set; }
}
