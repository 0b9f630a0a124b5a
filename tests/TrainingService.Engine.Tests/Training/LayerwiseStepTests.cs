using TrainingService.Engine.Activations;
using TrainingService.Engine.Layers;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Training;

/// <summary>
/// The trainer updates each layer as soon as back-propagation has completed its gradients (ADR-020). These compare it
/// bit for bit with the separate step it replaced, written out here with the public API: forward, backward, weight
/// penalty, optimizer step over all parameters, max-norm.
/// </summary>
public sealed class LayerwiseStepTests
{
    // Wide enough that the first layer's weights (48·700) are split across two threads by both GEMM and Adam.
    private static readonly TrainingData Train = TrainingDataSets.Regression(96, inputs: 48, outputs: 3, seed: 5);

    public static TheoryData<OptimizerKind, int> Cases()
    {
        var data = new TheoryData<OptimizerKind, int>();
        foreach (OptimizerKind kind in new[] { OptimizerKind.Adam, OptimizerKind.AdamW, OptimizerKind.Momentum, OptimizerKind.Nesterov, OptimizerKind.Sgd })
            foreach (int threads in new[] { 1, 2 })
                data.Add(kind, threads);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_LayerwiseUpdate_BitIdenticalToSeparateStep(OptimizerKind kind, int threads)
    {
        TrainerOptions options = Options(kind, threads);
        Network fused = BuildNetwork(threads), separate = BuildNetwork(threads);

        TrainingResult result = Trainer.Fit(fused, Train, null, options);
        double[] losses = SeparateStepReference(separate, Train, options);

        Assert.Equal(StopReason.Completed, result.StopReason);
        for (int p = 0; p < fused.Parameters.Count; p++)
            Assert.Equal(separate.Parameters[p].Value, fused.Parameters[p].Value);
        Assert.Equal(losses, result.History.Select(r => r.TrainLoss));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Fit_LayerwiseUpdateAfterSoftmaxCrossEntropy_BitIdenticalToSeparateStep(int threads)
    {
        // Back-propagation starts from the logits here (the fused loss), a separate branch of the network's backward.
        TrainingData spirals = TrainingDataSets.Spirals(48, seed: 3);
        TrainerOptions options = Options(OptimizerKind.Adam, threads) with { Loss = LossKind.CategoricalCrossEntropy };
        Network Build() => new NetworkBuilder(2).Dense(64, ActivationKind.Relu).Dense(2, ActivationKind.Softmax)
            .WithSeed(4).Build(maxBatchSize: 16, maxThreads: threads);
        Network fused = Build(), separate = Build();

        TrainingResult result = Trainer.Fit(fused, spirals, null, options);
        double[] losses = SeparateStepReference(separate, spirals, options);

        for (int p = 0; p < fused.Parameters.Count; p++)
            Assert.Equal(separate.Parameters[p].Value, fused.Parameters[p].Value);
        Assert.Equal(losses, result.History.Select(r => r.TrainLoss));
    }

    [Fact]
    public void Fit_LayerwiseUpdate_SameWeightsAtOneAndTwoThreads()
    {
        Network one = BuildNetwork(1), two = BuildNetwork(2);

        Trainer.Fit(one, Train, null, Options(OptimizerKind.Adam, 1));
        Trainer.Fit(two, Train, null, Options(OptimizerKind.Adam, 2));

        for (int p = 0; p < one.Parameters.Count; p++)
            Assert.Equal(one.Parameters[p].Value, two.Parameters[p].Value);
    }

    [Fact]
    public void Fit_FirstBatchLossNotFinite_DivergesWithNoLayerUpdated()
    {
        // A NaN target makes the first batch's loss and every gradient NaN: the separate step returned before touching
        // any weight, and so must the layer-wise one, although back-propagation completes the last layers' gradients first.
        float[] targets = (float[])Train.Targets.Clone();
        targets[0] = float.NaN;
        var poisoned = new TrainingData(Train.Features, targets, Train.InputSize, Train.TargetSize);
        Network network = BuildNetwork(1), initial = BuildNetwork(1);

        TrainingResult result = Trainer.Fit(network, poisoned, null, Options(OptimizerKind.Adam, 1) with { Shuffle = false });

        Assert.Equal(StopReason.Diverged, result.StopReason);
        for (int p = 0; p < network.Parameters.Count; p++)
            Assert.Equal(initial.Parameters[p].Value, network.Parameters[p].Value);
    }

    [Fact]
    public void BackwardReplacingGradients_Observer_ToldOncePerLayerLastFirstWithCompleteGradients()
    {
        Network observed = BuildNetwork(1), plain = BuildNetwork(1);
        int batch = 16;
        float[] x = Train.Features[..(batch * Train.InputSize)], t = Train.Targets[..(batch * Train.TargetSize)];
        ILoss loss = LossFactory.Create(LossKind.MeanSquaredError);
        plain.Forward(x, batch, training: true);
        float expectedLoss = plain.BackwardReplacingGradients(loss, t, batch);
        var observer = new RecordingObserver(observed, plain);

        observed.Forward(x, batch, training: true);
        observed.BackwardReplacingGradients(loss, t, [], batch, observer);

        // Dense, Dense, Dropout (no parameters), BatchNormalization, Dense: parameters 0-1, 2-3, -, 4-5, 6-7.
        Assert.Equal([(expectedLoss, 6, 2), (expectedLoss, 4, 2), (expectedLoss, 4, 0), (expectedLoss, 2, 2), (expectedLoss, 0, 2)], observer.Calls);
        Assert.True(observer.GradientsWereComplete);
    }

    private static TrainerOptions Options(OptimizerKind kind, int threads) => new()
    {
        Epochs = 3,
        BatchSize = 16,
        Loss = LossKind.MeanSquaredError,
        Optimizer = new OptimizerSpec { Type = kind, LearningRate = kind is OptimizerKind.Adam or OptimizerKind.AdamW ? 0.01f : 0.02f },
        L1 = 1e-4f,
        L2 = 1e-3f,
        MaxNorm = 3f,
        MaxThreads = threads,
        Seed = 9,
    };

    private static Network BuildNetwork(int threads) => new NetworkBuilder(48)
        .Dense(700, ActivationKind.Relu)
        .Dense(12, ActivationKind.Tanh).Dropout(0.2f).BatchNormalization()
        .Dense(3)
        .WithSeed(31).Build(maxBatchSize: 16, maxThreads: threads);

    /// <summary>The trainer's loop before layer-wise updates (constant learning rate, no validation); returns each epoch's mean loss.</summary>
    private static double[] SeparateStepReference(Network network, TrainingData train, TrainerOptions options)
    {
        IOptimizer optimizer = OptimizerFactory.Create(options.Optimizer);
        if (optimizer is IParallelOptimizer parallel)
            parallel.MaxThreads = options.MaxThreads;
        ILoss loss = LossFactory.Create(options.Loss);
        var maxNorm = new MaxNormConstraint();
        var shuffle = new SeededRandom(options.Seed);
        int rows = train.Rows, inputs = train.InputSize, outputs = train.TargetSize, batchSize = options.BatchSize;
        var order = new int[rows];
        var x = new float[batchSize * inputs];
        var t = new float[batchSize * outputs];
        var losses = new double[options.Epochs];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (int i = 0; i < rows; i++) order[i] = i;
            shuffle.Shuffle(order);
            double sum = 0;
            for (int start = 0; start < rows; start += batchSize)
            {
                int batch = Math.Min(batchSize, rows - start);
                for (int r = 0; r < batch; r++)
                {
                    train.Features.AsSpan(order[start + r] * inputs, inputs).CopyTo(x.AsSpan(r * inputs));
                    train.Targets.AsSpan(order[start + r] * outputs, outputs).CopyTo(t.AsSpan(r * outputs));
                }
                network.Forward(x.AsSpan(0, batch * inputs), batch, training: true);
                network.ZeroGradients();
                double value = network.Backward(loss, t.AsSpan(0, batch * outputs), batch);
                value += WeightPenalty.Apply(network.Parameters, options.L1, options.L2);
                optimizer.Step(network.Parameters, options.Optimizer.EffectiveLearningRate());
                maxNorm.Apply(network.Parameters, options.MaxNorm);
                sum += value * batch;
            }
            losses[epoch] = sum / rows;
        }
        return losses;
    }

    /// <summary>Records each call and checks the reported layer's gradients against a separate, complete backward pass.</summary>
    private sealed class RecordingObserver(Network observed, Network reference) : IGradientsReady
    {
        public List<(float Loss, int First, int Count)> Calls { get; } = [];

        public bool GradientsWereComplete { get; private set; } = true;

        public void GradientsReady(float loss, int first, int count)
        {
            Calls.Add((loss, first, count));
            for (int p = first; p < first + count; p++)
                GradientsWereComplete &= observed.Parameters[p].Gradient.AsSpan().SequenceEqual(reference.Parameters[p].Gradient);
        }
    }
}
