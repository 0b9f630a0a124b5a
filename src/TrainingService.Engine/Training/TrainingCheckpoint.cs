using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Schedules;
using TrainingService.Engine.Serialization;

namespace TrainingService.Engine.Training;

/// <summary>
/// Everything needed to continue a run after <see cref="Epoch"/> completed epochs exactly as if it had
/// never stopped: the network (architecture, weights and batch-norm statistics, as
/// <see cref="NetworkSerializer"/> writes it), the optimizer, schedule and early-stopping states, and the shuffle and
/// dropout generator states. <see cref="ToBytes"/>/<see cref="FromBytes"/> give its versioned binary form.
/// </summary>
public sealed record TrainingCheckpoint(
    int Epoch,
    byte[] Network,
    OptimizerState Optimizer,
    ScheduleState Schedule,
    EarlyStoppingState? EarlyStopping,
    ulong[] ShuffleRandomState,
    ulong[]? DropoutRandomState)
{
    /// <summary>The network as of this checkpoint (e.g. to predict with the latest weights of a running job).</summary>
    /// <exception cref="ModelFormatException">The embedded model cannot be read.</exception>
    public Network ReadNetwork(int maxBatchSize = Engine.Network.DefaultMaxBatchSize, int maxThreads = 1) =>
        NetworkSerializer.FromBytes(Network, maxBatchSize, maxThreads);

    public byte[] ToBytes() => TrainingCheckpointSerializer.Serialize(this);

    /// <exception cref="InvalidDataException">The bytes are not a checkpoint, are corrupt, or come from a newer format version.</exception>
    public static TrainingCheckpoint FromBytes(ReadOnlySpan<byte> bytes) => TrainingCheckpointSerializer.Deserialize(bytes);
}
