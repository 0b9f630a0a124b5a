using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Schedules;
using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Training;

public sealed class DeterminismTests
{
    private static readonly TrainingData Train = TrainingDataSets.Regression(150, inputs: 5, outputs: 2, seed: 1);
    private static readonly TrainingData Validation = TrainingDataSets.Regression(40, inputs: 5, outputs: 2, seed: 2);

    // Dropout, batch norm, a stateful optimizer and schedule, early stopping and every regularizer,
    // so each piece of checkpointed state matters to the outcome.
    private static readonly TrainerOptions Options = new()
    {
        Epochs = 6,
        BatchSize = 16,
        Loss = LossKind.MeanSquaredError,
        Optimizer = new OptimizerSpec { Type = OptimizerKind.Adam, LearningRate = 0.01f },
        L1 = 1e-4f,
        L2 = 1e-3f,
        MaxNorm = 3f,
        GradientClipNorm = 5f,
        Schedule = new LearningRateScheduleSpec { Type = ScheduleType.ReduceOnPlateau, Patience = 0, Factor = 0.5, MinDelta = 0.05 },
        EarlyStopping = new EarlyStoppingOptions { Patience = 100 },
        MaxThreads = 2,
        Seed = 77,
    };

    [Fact]
    public void Fit_SameSeedAndThreads_IdenticalWeights()
    {
        Network first = BuildNetwork(), second = BuildNetwork();

        TrainingResult a = Trainer.Fit(first, Train, Validation, Options);
        TrainingResult b = Trainer.Fit(second, Train, Validation, Options);

        AssertSameWeights(first, second);
        Assert.Equal(a.History.Select(r => r.TrainLoss), b.History.Select(r => r.TrainLoss));
    }

    [Fact]
    public void Fit_DifferentShuffleSeed_DifferentWeights()
    {
        Network first = BuildNetwork(), second = BuildNetwork();

        Trainer.Fit(first, Train, Validation, Options);
        Trainer.Fit(second, Train, Validation, Options with { Seed = 78 });

        Assert.NotEqual(first.Parameters[0].Value, second.Parameters[0].Value);
    }

    [Fact]
    public void Fit_ResumedFromEpoch3CheckpointBytes_EndsIdenticalToUninterruptedRun()
    {
        Network uninterrupted = BuildNetwork();
        byte[]? epoch3 = null;
        var callbacks = new TrainingCallbacks
        {
            CheckpointCreated = c => epoch3 = c.Epoch == 3 ? c.ToBytes() : epoch3,
        };
        TrainingResult full = Trainer.Fit(uninterrupted, Train, Validation, Options, callbacks);

        Network resumed = BuildNetwork();
        TrainingResult rest = Trainer.Fit(resumed, Train, Validation, Options, resumeFrom: TrainingCheckpoint.FromBytes(epoch3!));

        Assert.Equal(StopReason.Completed, full.StopReason);
        Assert.Equal(6, rest.EpochsCompleted);
        Assert.Equal([4, 5, 6], rest.History.Select(r => r.Epoch));
        Assert.Equal(full.History.Skip(3).Select(r => (r.TrainLoss, r.ValidationLoss, r.LearningRate)),
            rest.History.Select(r => (r.TrainLoss, r.ValidationLoss, r.LearningRate)));
        AssertSameWeights(uninterrupted, resumed);
        for (int l = 0; l < uninterrupted.Layers.Count; l++)
            Assert.Equal(uninterrupted.Layers[l].State, resumed.Layers[l].State);
    }

    [Fact]
    public void Fit_CancelledAfterSecondEpoch_StopsWithCancelledBeforeNextBatch()
    {
        using var cancellation = new CancellationTokenSource();
        var callbacks = new TrainingCallbacks { EpochCompleted = r => { if (r.Epoch == 2) cancellation.Cancel(); } };
        Network network = BuildNetwork();
        Network reference = BuildNetwork();
        Trainer.Fit(reference, Train, Validation, Options with { Epochs = 2 });

        TrainingResult result = Trainer.Fit(network, Train, Validation, Options, callbacks, cancellationToken: cancellation.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(2, result.EpochsCompleted);
        Assert.Equal(2, result.History.Count);
        AssertSameWeights(reference, network); // no batch of epoch 3 ran
    }

    [Fact]
    public void Fit_HugeLearningRate_StopsWithDiverged()
    {
        Network network = BuildNetwork();
        var options = Options with
        {
            Optimizer = new OptimizerSpec { Type = OptimizerKind.Sgd, LearningRate = 1e12f },
            GradientClipNorm = null, MaxNorm = null, Schedule = new LearningRateScheduleSpec(),
        };

        TrainingResult result = Trainer.Fit(network, Train, Validation, options);

        Assert.Equal(StopReason.Diverged, result.StopReason);
        Assert.True(result.EpochsCompleted < options.Epochs);
    }

    [Fact]
    public void Fit_MaxRuntimeElapsed_StopsWithMaxRuntime()
    {
        TrainingResult result = Trainer.Fit(BuildNetwork(), Train, Validation, Options with { MaxRuntime = TimeSpan.FromTicks(1) });

        Assert.Equal(StopReason.MaxRuntime, result.StopReason);
        Assert.Empty(result.History);
    }

    [Fact]
    public void Fit_ValidationGetsWorse_StopsEarlyAndRestoresBestWeights()
    {
        // Validation targets are the negated training targets: the better the fit, the worse validation gets.
        var opposite = new TrainingData(Train.Features, Train.Targets.Select(v => -v).ToArray(), Train.InputSize, Train.TargetSize);
        var snapshots = new List<float[][]>();
        Network network = BuildNetwork();
        var options = Options with
        {
            Epochs = 30,
            Schedule = new LearningRateScheduleSpec(),
            EarlyStopping = new EarlyStoppingOptions { Patience = 2 },
        };
        var callbacks = new TrainingCallbacks
        {
            EpochCompleted = _ => snapshots.Add(network.Parameters.Select(p => (float[])p.Value.Clone()).ToArray()),
        };

        TrainingResult result = Trainer.Fit(network, Train, opposite, options, callbacks);

        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.True(result.EpochsCompleted < 30);
        int best = result.BestEpoch!.Value;
        Assert.Equal(result.EpochsCompleted - 2, best); // patience 2: stops after two epochs without improvement
        double bestLoss = result.History.Min(r => r.ValidationLoss!.Value);
        Assert.Equal(bestLoss, result.History[best - 1].ValidationLoss);
        for (int p = 0; p < network.Parameters.Count; p++)
            Assert.Equal(snapshots[best - 1][p], network.Parameters[p].Value);
        Assert.NotEqual(snapshots[^1][0], network.Parameters[0].Value);
    }

    private static Network BuildNetwork() => new NetworkBuilder(5)
        .Dense(16, ActivationKind.Relu).BatchNormalization().Dropout(0.2f)
        .Dense(8, ActivationKind.Tanh)
        .Dense(2)
        .WithSeed(123).Build(maxBatchSize: 16, maxThreads: 2);

    private static void AssertSameWeights(Network expected, Network actual)
    {
        for (int p = 0; p < expected.Parameters.Count; p++)
            Assert.Equal(expected.Parameters[p].Value, actual.Parameters[p].Value);
    }
}
