using TrainingService.Engine.Activations;
using TrainingService.Engine.Initializers;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Specs;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests;

public sealed class NetworkTests
{
    [Theory]
    [InlineData(LossKind.CategoricalCrossEntropy, ActivationKind.Softmax)]
    [InlineData(LossKind.CategoricalCrossEntropy, ActivationKind.Linear)]
    [InlineData(LossKind.BinaryCrossEntropy, ActivationKind.Sigmoid)]
    [InlineData(LossKind.MeanSquaredError, ActivationKind.Linear)]
    [InlineData(LossKind.MeanSquaredError, ActivationKind.Softmax)]
    [InlineData(LossKind.Huber, ActivationKind.Sigmoid)] // residuals stay below δ = 1: no kink
    public void Backward_ThreeHiddenLayers_MatchesFiniteDifferences(LossKind lossKind, ActivationKind outputActivation)
    {
        const int batch = 6;
        var spec = new NetworkSpec(5,
        [
            new DenseLayerSpec(8, ActivationKind.Tanh),
            new BatchNormalizationLayerSpec(),
            new DenseLayerSpec(7, ActivationKind.Gelu),
            new DropoutLayerSpec(0.3f),
            new DenseLayerSpec(6, ActivationKind.Elu),
            new DenseLayerSpec(4, outputActivation),
        ], InitializerKind.GlorotNormal, Seed: 101);
        var net = new Network(spec, maxBatchSize: batch);
        ILoss loss = LossFactory.Create(lossKind);
        float[] x = TestData.Uniform(batch * 5, seed: 102);
        float[] t = lossKind == LossKind.CategoricalCrossEntropy ? TestData.OneHot(batch, 4, 103)
            : TestData.Uniform(batch * 4, seed: 103).Select(v => (v + 1f) / 2f).ToArray();
        ulong[] dropoutState = net.GetDropoutRandomState();

        net.Forward(x, batch, training: true);
        net.Backward(loss, t, batch);

        double Loss()
        {
            net.SetDropoutRandomState(dropoutState); // same mask every evaluation
            net.Forward(x, batch, training: true);
            return net.ComputeLoss(loss, t, batch);
        }
        foreach (Parameter p in net.Parameters)
            GradientCheck.AssertClose(p.Gradient, GradientCheck.Numeric(p.Value, Loss, h: 4e-2, richardson: true), p.Name);
    }

    [Fact]
    public void Backward_FromOutputGradient_EqualsLossOverload()
    {
        Network a = Small(seed: 104), b = Small(seed: 104);
        ILoss loss = LossFactory.Create(LossKind.MeanSquaredError);
        float[] x = TestData.Uniform(3 * 4, seed: 105), t = TestData.Uniform(3 * 3, seed: 106);
        var g = new float[9];

        a.Forward(x, 3, true);
        a.Backward(loss, t, 3);
        loss.Compute(b.Forward(x, 3, true), t, g, 3, 3);
        b.Backward(g, 3);

        for (int p = 0; p < a.Parameters.Count; p++)
            Assert.Equal(a.Parameters[p].Gradient, b.Parameters[p].Gradient);
    }

    [Fact]
    public void Backward_StandaloneSoftmaxLayer_FusesLikeDenseSoftmax()
    {
        Network fusedInDense = new NetworkBuilder(4).Dense(5, ActivationKind.Tanh).Dense(3, ActivationKind.Softmax).WithSeed(9).Build(4);
        Network standalone = new NetworkBuilder(4).Dense(5, ActivationKind.Tanh).Dense(3).Activation(ActivationKind.Softmax).WithSeed(9).Build(4);
        ILoss loss = LossFactory.Create(LossKind.CategoricalCrossEntropy);
        float[] x = TestData.Uniform(4 * 4, seed: 119), t = TestData.OneHot(4, 3, 120);

        float a = LossAfterBackward(fusedInDense), b = LossAfterBackward(standalone);

        Assert.Equal(a, b);
        for (int p = 0; p < fusedInDense.Parameters.Count; p++)
            Assert.Equal(fusedInDense.Parameters[p].Gradient, standalone.Parameters[p].Gradient);

        float LossAfterBackward(Network net)
        {
            net.Forward(x, 4, true);
            return net.Backward(loss, t, 4);
        }
    }

    [Theory]
    [InlineData(LossKind.CategoricalCrossEntropy, ActivationKind.Sigmoid)]
    [InlineData(LossKind.BinaryCrossEntropy, ActivationKind.Softmax)]
    [InlineData(LossKind.BinaryCrossEntropy, ActivationKind.Relu)]
    public void Backward_FusedLossAfterOtherActivation_ThrowsNamingTheActivation(LossKind lossKind, ActivationKind output)
    {
        Network net = new NetworkBuilder(2).Dense(3, output).Build(2);
        net.Forward(new float[4], 2, true);

        var e = Assert.Throws<InvalidOperationException>(() => net.Backward(LossFactory.Create(lossKind), new float[6], 2));
        Assert.Contains(output.ToString(), e.Message);
    }

    [Fact]
    public void Constructor_SameSpecAndSeed_IdenticalWeightsAndOutputs()
    {
        Network a = Small(seed: 7), b = Small(seed: 7);
        float[] x = TestData.Uniform(3 * 4, seed: 107);

        for (int p = 0; p < a.Parameters.Count; p++)
            Assert.Equal(a.Parameters[p].Value, b.Parameters[p].Value);
        Assert.Equal(a.Forward(x, 3, false).ToArray(), b.Forward(x, 3, false).ToArray());
    }

    [Fact]
    public void Constructor_DifferentSeeds_DifferentWeights() =>
        Assert.NotEqual(Small(seed: 1).Parameters[0].Value, Small(seed: 2).Parameters[0].Value);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Training_SameSeedAndThreads_BitIdenticalParameters(int threads)
    {
        Network a = WithDropout(seed: 108, threads), b = WithDropout(seed: 108, threads);

        TrainSteps(a, 5);
        TrainSteps(b, 5);

        for (int p = 0; p < a.Parameters.Count; p++)
            Assert.Equal(a.Parameters[p].Value, b.Parameters[p].Value);
        Assert.Equal(a.GetDropoutRandomState(), b.GetDropoutRandomState());
    }

    [Fact]
    public void SetDropoutRandomState_Restored_ReplaysTheSameMasks()
    {
        Network net = WithDropout(seed: 109, threads: 1);
        float[] x = TestData.Uniform(8 * 4, seed: 110);
        ulong[] state = net.GetDropoutRandomState();

        float[] first = net.Forward(x, 8, true).ToArray();
        float[] second = net.Forward(x, 8, true).ToArray();
        net.SetDropoutRandomState(state);
        float[] replay = net.Forward(x, 8, true).ToArray();

        Assert.NotEqual(first, second);
        Assert.Equal(first, replay);
    }

    [Fact]
    public void Backward_CategoricalCrossEntropy_ReducesLossUnderSgd()
    {
        Network net = Small(seed: 3, maxBatchSize: 8);
        ILoss loss = LossFactory.Create(LossKind.CategoricalCrossEntropy);
        float[] x = TestData.Uniform(8 * 4, seed: 111);
        float[] t = TestData.OneHot(8, 3, 112);
        net.Forward(x, 8, false);
        float before = net.ComputeLoss(loss, t, 8);

        for (int step = 0; step < 50; step++)
        {
            net.ZeroGradients();
            net.Forward(x, 8, true);
            net.Backward(loss, t, 8);
            Sgd(net, 0.5f);
        }
        net.Forward(x, 8, false);

        Assert.True(net.ComputeLoss(loss, t, 8) < before * 0.5f);
    }

    [Fact]
    public void ForwardAndBackward_AfterWarmUp_AllocateNothing()
    {
        var spec = new NetworkSpec(6,
        [
            new DenseLayerSpec(9, ActivationKind.Gelu), new BatchNormalizationLayerSpec(), new DropoutLayerSpec(0.2f),
            new ActivationLayerSpec(ActivationKind.Elu), new DenseLayerSpec(3, ActivationKind.Softmax),
        ]);
        var net = new Network(spec, maxBatchSize: 16);
        ILoss loss = LossFactory.Create(LossKind.CategoricalCrossEntropy);
        float[] x = TestData.Uniform(16 * 6, seed: 113), t = TestData.OneHot(16, 3, 114);
        long allocated = AllocationMeter.SteadyStateBytes(() => RunStep(net, loss, x, t), repetitions: 1);

        Assert.Equal(0, allocated);

        static void RunStep(Network net, ILoss loss, float[] x, float[] t)
        {
            net.ZeroGradients();
            net.Forward(x, 16, true);
            net.Backward(loss, t, 16);
            net.Forward(x, 16, false);
            net.ComputeLoss(loss, t, 16);
        }
    }

    [Fact]
    public void Backward_AfterInferenceForward_Throws()
    {
        Network net = Small(seed: 5);
        net.Forward(new float[4], 1, training: false);

        Assert.Throws<InvalidOperationException>(() => net.Backward(new float[3], 1));
    }

    [Fact]
    public void Forward_BatchAboveMaxBatchSize_ThrowsUntilRaised()
    {
        Network net = Small(seed: 5, maxBatchSize: 2);
        float[] x = new float[3 * 4];

        Assert.Throws<ArgumentOutOfRangeException>(() => net.Forward(x, 3, false).ToArray());
        net.MaxBatchSize = 3;
        Assert.Equal(9, net.Forward(x, 3, false).Length);
    }

    [Fact]
    public void Predict_MoreRowsThanMaxBatch_EqualsRowByRowForward()
    {
        Network net = Small(seed: 6, maxBatchSize: 4);
        float[] x = TestData.Uniform(11 * 4, seed: 115);
        var all = new float[11 * 3];

        net.Predict(x, 11, all);

        for (int r = 0; r < 11; r++)
            Assert.Equal(net.Forward(x.AsSpan(r * 4, 4), 1, false).ToArray(), all.AsSpan(r * 3, 3).ToArray());
    }

    [Fact]
    public void Predict_SingleRows_EqualBatchedRowsAndAllocateNothing()
    {
        // The serving shape: single rows take the unpacked small-batch path, batches the packed GEMM.
        Network net = new NetworkBuilder(784).Dense(256, ActivationKind.Relu).Dense(128, ActivationKind.Relu)
            .Dense(10, ActivationKind.Softmax).WithSeed(7).Build(maxBatchSize: 128);
        float[] x = TestData.Uniform(16 * 784, seed: 117);
        var batched = new float[16 * 10];
        net.Predict(x, 16, batched);

        var single = new float[10];
        for (int r = 0; r < 16; r++)
        {
            net.Predict(x.AsSpan(r * 784, 784), 1, single);
            Assert.Equal(batched.AsSpan(r * 10, 10).ToArray(), single);
        }
        long allocated = AllocationMeter.SteadyStateBytes(() => net.Predict(x.AsSpan(0, 784), 1, single));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ZeroGradients_AfterBackward_ClearsEveryGradient()
    {
        Network net = Small(seed: 8);
        net.Forward(TestData.Uniform(4, seed: 116), 1, true);
        net.Backward([1f, -1f, 0.5f], 1);
        Assert.Contains(net.Parameters, p => p.Gradient.Any(g => g != 0));

        net.ZeroGradients();

        Assert.All(net.Parameters, p => Assert.All(p.Gradient, g => Assert.Equal(0f, g)));
    }

    [Fact]
    public void Summary_SmallNetwork_ListsLayersShapesAndParameterCounts()
    {
        NetworkSummary summary = new NetworkBuilder(4).Dense(5, ActivationKind.Relu).BatchNormalization().Dropout(0.5f).Dense(3).Build().Summary();

        Assert.Equal([25L, 10L, 0L, 18L], summary.Layers.Select(l => l.ParameterCount));
        Assert.Equal([5, 5, 5, 3], summary.Layers.Select(l => l.OutputSize));
        Assert.Equal(53, summary.TotalParameters);
        string table = summary.ToString();
        Assert.Contains("Dense(5, Relu)", table);
        Assert.Contains("[batch, 3]", table);
        Assert.Contains("Total parameters: 53", table);
    }

    [Fact]
    public void OutputActivation_LastLayerKind_OrNullAfterBatchNorm()
    {
        Assert.Equal(ActivationKind.Softmax, Small(seed: 1).OutputActivation);
        Assert.Equal(ActivationKind.Sigmoid, new NetworkBuilder(2).Dense(3).Activation(ActivationKind.Sigmoid).Build().OutputActivation);
        Assert.Null(new NetworkBuilder(2).Dense(3).BatchNormalization().Build().OutputActivation);
    }

    [Fact]
    public void Parameters_DenseAndBatchNorm_FlagWeightsOnly()
    {
        Network net = new NetworkBuilder(2).Dense(3).BatchNormalization().Build();

        Assert.Equal(["dense0.weights", "dense0.bias", "batchNormalization1.gamma", "batchNormalization1.beta"], net.Parameters.Select(p => p.Name));
        Assert.Equal([true, false, false, false], net.Parameters.Select(p => p.IsWeight));
    }

    private static Network Small(ulong seed, int maxBatchSize = 8) =>
        new NetworkBuilder(4).Dense(5, ActivationKind.Tanh).Dense(3, ActivationKind.Softmax).WithSeed(seed).Build(maxBatchSize);

    private static Network WithDropout(ulong seed, int threads) =>
        new NetworkBuilder(4).Dense(16, ActivationKind.Relu).Dropout(0.5f).BatchNormalization().Dense(3, ActivationKind.Softmax)
            .WithInitializer(InitializerKind.HeNormal).WithSeed(seed).Build(maxBatchSize: 8, maxThreads: threads);

    private static void TrainSteps(Network net, int steps)
    {
        ILoss loss = LossFactory.Create(LossKind.CategoricalCrossEntropy);
        float[] x = TestData.Uniform(8 * 4, seed: 117), t = TestData.OneHot(8, 3, 118);
        for (int i = 0; i < steps; i++)
        {
            net.ZeroGradients();
            net.Forward(x, 8, true);
            net.Backward(loss, t, 8);
            Sgd(net, 0.1f);
        }
    }

    private static void Sgd(Network net, float rate)
    {
        foreach (Parameter p in net.Parameters)
            for (int i = 0; i < p.Length; i++) p.Value[i] -= rate * p.Gradient[i];
    }

    [Fact]
    public void BackwardReplacingGradients_StaleGradients_EqualsZeroThenBackward()
    {
        Network Build() => new NetworkBuilder(6).Dense(9, ActivationKind.Relu).BatchNormalization().Dense(4, ActivationKind.Softmax).WithSeed(3).Build(maxBatchSize: 5);
        Network reference = Build(), replacing = Build();
        float[] x = TestData.Uniform(5 * 6, seed: 61), t = TestData.OneHot(5, 4, seed: 62);
        foreach (Parameter p in replacing.Parameters)
            Array.Fill(p.Gradient, 7f);

        reference.ZeroGradients();
        reference.Forward(x, 5, training: true);
        float expectedLoss = reference.Backward(LossFactory.Create(LossKind.CategoricalCrossEntropy), t, 5);
        replacing.Forward(x, 5, training: true);
        float loss = replacing.BackwardReplacingGradients(LossFactory.Create(LossKind.CategoricalCrossEntropy), t, 5);

        Assert.Equal(expectedLoss, loss);
        for (int i = 0; i < reference.Parameters.Count; i++)
            Assert.Equal(reference.Parameters[i].Gradient, replacing.Parameters[i].Gradient);
    }
}
