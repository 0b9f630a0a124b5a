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

    /// <summary>
    /// Set by the network for the duration of a backward pass whose gradients replace, rather than add
    /// to, the parameters' old gradients: a layer that honours it writes its gradients with
    /// <c>beta = 0</c> and so saves clearing them first; the network clears the other layers' gradients.
    /// </summary>
    internal bool OverwriteGradients { get; set; }

    /// <summary>Source of dropout masks; replaced wholesale when a checkpoint restores its state.</summary>
    public SeededRandom DropoutRandom { get; set; }
}
