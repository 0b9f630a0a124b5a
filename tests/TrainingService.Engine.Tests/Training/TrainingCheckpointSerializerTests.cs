using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Schedules;
using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Training;

public sealed class TrainingCheckpointSerializerTests
{
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
