using System.Diagnostics;

namespace TrainingService.Engine.Training;

/// <summary>
/// Where a running <see cref="Trainer.Fit"/> is within its epoch, for another thread to sample (a heartbeat timer):
/// the trainer writes it once per batch with one volatile store and no call or allocation, and a reader sees the
/// epoch and its batch count from the same store, never one epoch's count under the next epoch's number.
/// </summary>
public sealed class TrainingProgress
{
    // Epoch (1-based, in progress) in the high 32 bits, batches completed within it in the low 32 bits.
    private long _state;
    private int _batchesPerEpoch;
    private long _epochStartTimestamp;

    /// <summary>The epoch being trained (1-based); 0 before the first batch of the run.</summary>
    public int Epoch => (int)(Volatile.Read(ref _state) >> 32);

    /// <summary>Batches finished in <see cref="Epoch"/>.</summary>
    public int BatchesCompleted => (int)Volatile.Read(ref _state);

    public int BatchesPerEpoch => Volatile.Read(ref _batchesPerEpoch);

    /// <summary>The epoch and its batches finished, read together.</summary>
    public (int Epoch, int BatchesCompleted) Read()
    {
        long state = Volatile.Read(ref _state);
        return ((int)(state >> 32), (int)state);
    }

    /// <summary>Time since the current epoch began (its <see cref="Stopwatch"/> timestamp).</summary>
    public TimeSpan EpochElapsed => Stopwatch.GetElapsedTime(Volatile.Read(ref _epochStartTimestamp));

    internal void StartEpoch(int epoch, int batchesPerEpoch)
    {
        Volatile.Write(ref _batchesPerEpoch, batchesPerEpoch);
        Volatile.Write(ref _epochStartTimestamp, Stopwatch.GetTimestamp());
        Volatile.Write(ref _state, (long)epoch << 32);
    }

    internal void BatchCompleted(int epoch, int batches) => Volatile.Write(ref _state, ((long)epoch << 32) | (uint)batches);
}
