using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Schedules;
using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Training;

public sealed class TrainingCheckpointSerializerTests
{
    // A version-1 checkpoint written before the checksum and header moved to shared little-endian helpers: epoch 2,
    // Adam at step 7 with slots [0.5, -1.25] and [3e-7], schedule (0.01, 0.5, 1, 0), early stopping (0.25, 1, 1, [[1, 2]]),
    // shuffle state [1, 2, max, 4], no dropout state.
    private const string StoredCheckpoint =
        "VFNDSwEAAACXAQAAAAAAAAIAAAANAQAAVFNOTgEAAAD1AAAAAAAAAAIAAAADAAAAAwAAAAAAAAADAAAAAQIAAAAGAAAAAAAAAAAAAAAAAAAAAA" +
        "AAAAAAAAAAAAAAAAOkcH0/bxKDOgEBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAAAAAgAAAAIAAADfTrA+Rqswv9Beqj2VIj2+" +
        "AQAAAAIAAAAAAAAAAAAAAAAAAAACAAAAAQAAAAIAAAAAAIA/AACAPwEAAAACAAAAAAAAAAAAAAACAAAAAgAAAAAAAAAAAAAAAgAAAAAAgD8AAI" +
        "A/AgAAAAIAAAABAAAAJoeRvm7cUb8BAAAAAQAAAAAAAAAAAAAAlPhWMrctr8EGAAAABwAAAAAAAAACAAAAAgAAAAAAAD8AAKC/AQAAALAPoTR7" +
        "FK5H4XqEPwAAAAAAAOA/AQAAAAAAAAABAAAAAAAA0D8BAAAAAQAAAAEAAAACAAAAAACAPwAAAEAEAAAAAQAAAAAAAAACAAAAAAAAAP////////" +
        "//BAAAAAAAAAAA7Mia2wKwMFM=";

    [Fact]
    public void FromBytes_StoredVersion1Checkpoint_ReadsBackAndWritesTheSameBytes()
    {
        byte[] stored = Convert.FromBase64String(StoredCheckpoint);

        TrainingCheckpoint checkpoint = TrainingCheckpoint.FromBytes(stored);

        Assert.Equal(2, checkpoint.Epoch);
        Assert.Equal(OptimizerKind.Adam, checkpoint.Optimizer.Type);
        Assert.Equal(7, checkpoint.Optimizer.StepCount);
        Assert.Equal([[0.5f, -1.25f], [3e-7f]], checkpoint.Optimizer.Slots);
        Assert.Equal(new ScheduleState(0.01, 0.5, 1, 0), checkpoint.Schedule);
        Assert.Equal([[1f, 2f]], checkpoint.EarlyStopping!.BestValues);
        Assert.Equal([1UL, 2UL, ulong.MaxValue, 4UL], checkpoint.ShuffleRandomState);
        Assert.Null(checkpoint.DropoutRandomState);
        Assert.Equal(stored, checkpoint.ToBytes());
    }

    [Fact]
    public void FromBytes_SerializedCheckpoint_RoundTripsEveryField()
    {
        TrainingCheckpoint original = Sample();

        TrainingCheckpoint copy = TrainingCheckpoint.FromBytes(original.ToBytes());

        Assert.Equal(original.Epoch, copy.Epoch);
        Assert.Equal(original.Network, copy.Network);
        Assert.Equal(original.Optimizer.Type, copy.Optimizer.Type);
        Assert.Equal(original.Optimizer.StepCount, copy.Optimizer.StepCount);
        Assert.Equal(original.Optimizer.Slots, copy.Optimizer.Slots);
        Assert.Equal(original.Schedule, copy.Schedule);
        Assert.Equal(original.EarlyStopping!.Best, copy.EarlyStopping!.Best);
        Assert.Equal(original.EarlyStopping.BestEpoch, copy.EarlyStopping.BestEpoch);
        Assert.Equal(original.EarlyStopping.Wait, copy.EarlyStopping.Wait);
        Assert.Equal(original.EarlyStopping.BestValues, copy.EarlyStopping.BestValues);
        Assert.Equal(original.ShuffleRandomState, copy.ShuffleRandomState);
        Assert.Equal(original.DropoutRandomState, copy.DropoutRandomState);
    }

    [Fact]
    public void FromBytes_FlippedByte_ThrowsCorrupt()
    {
        byte[] bytes = Sample().ToBytes();
        bytes[40] ^= 0x10;

        var error = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes(bytes));
        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public void FromBytes_Truncated_Throws()
    {
        byte[] bytes = Sample().ToBytes();

        Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes(bytes.AsSpan(0, bytes.Length - 3)));
    }

    [Fact]
    public void FromBytes_NewerVersion_ThrowsNamingVersions()
    {
        byte[] bytes = Sample().ToBytes();
        BitConverter.TryWriteBytes(bytes.AsSpan(4), TrainingCheckpointSerializer.CurrentVersion + 1);

        var error = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes(bytes));
        Assert.Contains($"version {TrainingCheckpointSerializer.CurrentVersion + 1}", error.Message);
    }

    [Fact]
    public void FromBytes_NotACheckpoint_Throws()
    {
        Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes("hello, this is not a checkpoint"u8));
    }

    private static TrainingCheckpoint Sample() => new(
        Epoch: 3,
        Network: [1, 2, 3, 4, 5],
        Optimizer: new OptimizerState(OptimizerKind.Adam, 42, [[1f, 2f], [3f, 4f], [float.NaN], []]),
        Schedule: new ScheduleState(0.01, 0.5, 2, 1),
        EarlyStopping: new EarlyStoppingState(0.25, 2, 1, [[9f, 8f, 7f]]),
        ShuffleRandomState: new SeededRandom(5).GetState(),
        DropoutRandomState: new SeededRandom(6).GetState());
}
