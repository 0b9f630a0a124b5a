using TrainingService.Engine.Metrics;

namespace TrainingService.Engine.Regularization;

/// <summary>
/// Tracks the best value of a monitored quantity across epochs and decides when to stop. When best
/// weights are to be restored it keeps a copy of the given tensors (parameter values and any
/// non-trainable state such as batch-norm running statistics) from the best epoch.
/// </summary>
public sealed class EarlyStopping
{
    private readonly EarlyStoppingOptions _options;
    private float[][] _bestValues = [];

    public EarlyStopping(EarlyStoppingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Patience);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinDelta);
        _options = options;
        Mode = MetricMonitor.ResolveMode(options.Monitor, options.Mode);
    }

    public MonitorMode Mode { get; }

    public double Best { get; private set; } = double.NaN;

    /// <summary>0-based epoch of <see cref="Best"/>; -1 before any improvement.</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>Epochs since the last improvement.</summary>
    public int Wait { get; private set; }

    /// <summary>True once some epoch's tensors have been kept.</summary>
    public bool HasBestValues => _bestValues.Length > 0;

    /// <summary>
    /// Records the monitored value at the end of <paramref name="epoch"/>; on improvement copies
    /// <paramref name="tensors"/> when best weights are kept. Returns true when training should stop.
    /// </summary>
    public bool Update(int epoch, double value, IReadOnlyList<float[]> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (MetricMonitor.IsImprovement(value, Best, Mode, _options.MinDelta))
        {
            Best = value;
            BestEpoch = epoch;
            Wait = 0;
            if (_options.RestoreBestWeights)
                Snapshot(tensors);
            return false;
        }
        Wait++;
        return Wait >= _options.Patience;
    }

    /// <summary>Copies the kept best tensors back; returns false when nothing was kept.</summary>
    public bool RestoreBest(IReadOnlyList<float[]> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (_bestValues.Length == 0)
            return false;
        CheckShapes(tensors, _bestValues);
        for (int i = 0; i < tensors.Count; i++)
            _bestValues[i].AsSpan().CopyTo(tensors[i]);
        return true;
    }

    public EarlyStoppingState GetState() =>
        new(Best, BestEpoch, Wait, Array.ConvertAll(_bestValues, v => (float[])v.Clone()));

    public void SetState(EarlyStoppingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Best = state.Best;
        BestEpoch = state.BestEpoch;
        Wait = state.Wait;
        _bestValues = state.BestValues.Select(v => (float[])v.Clone()).ToArray();
    }

    private void Snapshot(IReadOnlyList<float[]> tensors)
    {
        if (_bestValues.Length == 0)
        {
            _bestValues = new float[tensors.Count][];
            for (int i = 0; i < tensors.Count; i++)
                _bestValues[i] = new float[tensors[i].Length];
        }
        CheckShapes(tensors, _bestValues);
        for (int i = 0; i < tensors.Count; i++)
            tensors[i].AsSpan().CopyTo(_bestValues[i]);
    }

    private static void CheckShapes(IReadOnlyList<float[]> tensors, float[][] kept)
    {
        if (tensors.Count != kept.Length)
            throw new InvalidOperationException($"Early stopping kept {kept.Length} tensors; got {tensors.Count}.");
        for (int i = 0; i < kept.Length; i++)
        {
            if (tensors[i].Length != kept[i].Length)
                throw new InvalidOperationException($"Tensor {i} has {tensors[i].Length} values; the kept copy has {kept[i].Length}.");
        }
    }
}
