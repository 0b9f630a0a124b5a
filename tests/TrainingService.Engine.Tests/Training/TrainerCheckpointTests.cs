using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Training;

public sealed class TrainerCheckpointTests
{
    private static readonly TrainingData Data = TrainingDataSets.Regression(40, inputs: 3, outputs: 1, seed: 4);
    private static readonly TrainerOptions Options = new() { Epochs = 2, BatchSize = 8, Loss = LossKind.MeanSquaredError };

    [Fact]
    public void ReadNetwork_LastCheckpoint_HasTrainedWeights()
    {
        Network network = Build(hidden: 4);
        TrainingCheckpoint? last = null;

        Trainer.Fit(network, Data, null, Options, new TrainingCallbacks { CheckpointCreated = c => last = c });
        Network restored = TrainingCheckpoint.FromBytes(last!.ToBytes()).ReadNetwork();

        Assert.Equal(2, last.Epoch);
        for (int p = 0; p < network.Parameters.Count; p++)
            Assert.Equal(network.Parameters[p].Value, restored.Parameters[p].Value);
    }

    [Fact]
    public void Fit_ResumeIntoOtherArchitecture_ThrowsArgumentException()
    {
        TrainingCheckpoint? first = null;
        Trainer.Fit(Build(hidden: 4), Data, null, Options, new TrainingCallbacks { CheckpointCreated = c => first ??= c });

        Assert.Throws<ArgumentException>(() => Trainer.Fit(Build(hidden: 5), Data, null, Options, resumeFrom: first));
    }

    [Fact]
    public void Fit_ResumeWithOtherOptimizer_ThrowsArgumentException()
    {
        TrainingCheckpoint? first = null;
        Trainer.Fit(Build(hidden: 4), Data, null, Options, new TrainingCallbacks { CheckpointCreated = c => first ??= c });
        var sgd = Options with { Optimizer = new OptimizerSpec { Type = OptimizerKind.Sgd } };

        Assert.Throws<ArgumentException>(() => Trainer.Fit(Build(hidden: 4), Data, null, sgd, resumeFrom: first));
    }

    [Fact]
    public void Fit_TargetsOfWrongWidth_ThrowsNamingTheDataSet()
    {
        var wide = new TrainingData(Data.Features, new float[Data.Rows * 2], 3, 2);

        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(Build(hidden: 4), wide, null, Options));
        Assert.Equal("train", error.ParamName);
    }

    private static Network Build(int hidden) =>
        new NetworkBuilder(3).Dense(hidden, ActivationKind.Tanh).BatchNormalization().Dense(1).WithSeed(8).Build();
}
