using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Specs;
using TrainingService.Engine.Tests.TestSupport;
using TrainingService.Engine.Tests.Training;
using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Losses;

/// <summary>Per-sample weights (class weights are these, looked up by label) in the losses, the network and the trainer.</summary>
public sealed class SampleWeightTests
{
    public static TheoryData<LossKind> Kinds => new(Enum.GetValues<LossKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Compute_Weighted_EqualsWeightedMeanOfRowLosses(LossKind kind)
    {
        const int batch = 7, width = 5;
        ILoss loss = LossFactory.Create(kind, huberDelta: 0.5f);
        (float[] y, float[] t) = LossTests.Data(kind, batch, width, seed: 51);
        float[] w = Weights(batch, seed: 52);
        var g = new float[y.Length];

        float value = loss.Compute(y, t, w, g, batch, width);

        double expected = 0;
        var expectedGradient = new double[y.Length];
        for (int r = 0; r < batch; r++)
        {
            (double rowLoss, double[] rowGradient) = LossReference.Compute(
                kind, y[(r * width)..((r + 1) * width)], t[(r * width)..((r + 1) * width)], 1, width, delta: 0.5);
            expected += w[r] * rowLoss / batch;
            for (int j = 0; j < width; j++)
                expectedGradient[r * width + j] = w[r] * rowGradient[j] / batch;
        }
        Assert.Equal(expected, value, 1e-5 * Math.Max(1, Math.Abs(expected)));
        Reference.AssertAllClose(expectedGradient, g, rel: 1e-4, abs: 1e-6 * expectedGradient.Max(Math.Abs));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Compute_WeightedGradient_MatchesFiniteDifferences(LossKind kind)
    {
        const int batch = 5, width = 4;
        ILoss loss = LossFactory.Create(kind, huberDelta: 0.5f);
        (float[] y, float[] t) = LossTests.Data(kind, batch, width, seed: 53);
        float[] w = Weights(batch, seed: 54);
        var g = new float[y.Length];
        var scratch = new float[y.Length];
        loss.Compute(y, t, w, g, batch, width);

        double[] numeric = GradientCheck.Numeric(y, () => loss.Compute(y, t, w, scratch, batch, width), h: 1e-2);

        GradientCheck.AssertClose(g, numeric, kind.ToString());
    }

    [Theory]
    [InlineData(LossKind.CategoricalCrossEntropy)]
    [InlineData(LossKind.BinaryCrossEntropy)]
    public void Compute_UnitWeights_BitIdenticalToUnweighted(LossKind kind)
    {
        const int batch = 9, width = 3;
        ILoss loss = LossFactory.Create(kind);
        (float[] y, float[] t) = LossTests.Data(kind, batch, width, seed: 55);
        float[] unweightedGradient = new float[y.Length], weightedGradient = new float[y.Length];

        float unweighted = loss.Compute(y, t, unweightedGradient, batch, width);
        float weighted = loss.Compute(y, t, Enumerable.Repeat(1f, batch).ToArray(), weightedGradient, batch, width);

        Assert.Equal(unweighted, weighted, 6);
        Assert.Equal(unweightedGradient, weightedGradient);
    }

    [Fact]
    public void Compute_ZeroWeightRow_HasNoGradientAndNoLoss()
    {
        ILoss loss = LossFactory.Create(LossKind.CategoricalCrossEntropy);
        (float[] y, float[] t) = LossTests.Data(LossKind.CategoricalCrossEntropy, 2, 3, seed: 56);
        var g = new float[6];
        var firstOnly = new float[3];

        float value = loss.Compute(y, t, [0f, 2f], g, 2, 3);

        Assert.All(g[..3], v => Assert.Equal(0f, v));
        Assert.Equal(loss.Compute(y[3..], t[3..], firstOnly, 1, 3), value, 5); // 2·ℓ₁ / 2
    }

    [Theory]
    [InlineData(LossKind.CategoricalCrossEntropy, ActivationKind.Softmax)] // the fused softmax + cross-entropy path
    [InlineData(LossKind.BinaryCrossEntropy, ActivationKind.Sigmoid)]      // the fused sigmoid + cross-entropy path
    [InlineData(LossKind.MeanSquaredError, ActivationKind.Linear)]
    public void NetworkBackward_Weighted_MatchesFiniteDifferences(LossKind lossKind, ActivationKind outputActivation)
    {
        const int batch = 6;
        var spec = new NetworkSpec(5,
            [new DenseLayerSpec(8, ActivationKind.Tanh), new BatchNormalizationLayerSpec(), new DenseLayerSpec(4, outputActivation)],
            Seed: 61);
        var net = new Network(spec, maxBatchSize: batch);
        ILoss loss = LossFactory.Create(lossKind);
        float[] x = TestData.Uniform(batch * 5, seed: 62);
        float[] t = lossKind == LossKind.CategoricalCrossEntropy ? TestData.OneHot(batch, 4, 63)
            : TestData.Uniform(batch * 4, seed: 63).Select(v => (v + 1f) / 2f).ToArray();
        float[] w = Weights(batch, seed: 64);

        net.Forward(x, batch, training: true);
        net.Backward(loss, t, w, batch);

        double Loss()
        {
            net.Forward(x, batch, training: true);
            return net.ComputeLoss(loss, t, w, batch);
        }
        foreach (Parameter p in net.Parameters)
            GradientCheck.AssertClose(p.Gradient, GradientCheck.Numeric(p.Value, Loss, h: 4e-2, richardson: true), p.Name);
    }

    [Fact]
    public void NetworkForwardAndWeightedBackward_AfterWarmUp_AllocateNothing()
    {
        var spec = new NetworkSpec(6, [new DenseLayerSpec(9, ActivationKind.Gelu), new DropoutLayerSpec(0.2f), new DenseLayerSpec(3, ActivationKind.Softmax)]);
        var net = new Network(spec, maxBatchSize: 16);
        ILoss ce = LossFactory.Create(LossKind.CategoricalCrossEntropy), mse = LossFactory.Create(LossKind.MeanSquaredError);
        float[] x = TestData.Uniform(16 * 6, seed: 65), t = TestData.OneHot(16, 3, 66), w = Weights(16, seed: 67);

        long allocated = AllocationMeter.SteadyStateBytes(() =>
        {
            net.Forward(x, 16, true);
            net.Backward(ce, t, w, 16);
            net.Forward(x, 16, false);
            net.ComputeLoss(ce, t, w, 16);
            net.ComputeLoss(mse, t, w, 16); // the row-by-row default of the regression losses
        }, repetitions: 1);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Fit_WithSampleWeights_AllocatesNoMorePerBatch()
    {
        TrainingData plain = TrainingDataSets.Spirals(64, seed: 1);
        TrainingData data = plain with { SampleWeights = Weights(plain.Rows, seed: 68) };
        Measure(data, batchSize: 32); // JIT warm-up

        long fewBatches = Measure(data, batchSize: 32);
        long manyBatches = Measure(data, batchSize: 4);

        long extraBatches = 3 * (32 - 4);
        Assert.True(manyBatches - fewBatches < extraBatches * 8, $"{manyBatches - fewBatches} more bytes for {extraBatches} more batches");
    }

    [Fact]
    public void Fit_WeightsDoubled_SameAsLearningRateDoubledUnderSgd()
    {
        // Under plain SGD, weighting every row 2 doubles every gradient: the same steps as twice the learning rate.
        TrainingData plain = TrainingDataSets.Spirals(32, seed: 2);
        TrainingData doubled = plain with { SampleWeights = Enumerable.Repeat(2f, plain.Rows).ToArray() };

        float[] weighted = Train(doubled, learningRate: 0.05f);
        float[] faster = Train(plain, learningRate: 0.1f);

        Reference.AssertAllClose(faster.Select(v => (double)v).ToArray(), weighted, rel: 1e-4, abs: 1e-5);
    }

    [Fact]
    public void TrainingData_NegativeOrWrongLengthWeights_Throw()
    {
        TrainingData plain = TrainingDataSets.Xor();

        Assert.Throws<ArgumentException>(() => plain with { SampleWeights = [1f, 1f, -1f, 1f] });
        Assert.Throws<ArgumentException>(() => plain with { SampleWeights = [1f, float.NaN, 1f, 1f] });
        Assert.Throws<ArgumentException>(() => plain with { SampleWeights = [1f, 1f] });
    }

    private static float[] Train(TrainingData data, float learningRate)
    {
        Network network = new NetworkBuilder(2).Dense(8, ActivationKind.Tanh).Dense(2, ActivationKind.Softmax).WithSeed(3).Build(maxBatchSize: 16);
        var options = new TrainerOptions
        {
            Epochs = 3, BatchSize = 16, Loss = LossKind.CategoricalCrossEntropy, MaxThreads = 1,
            Optimizer = new OptimizerSpec { Type = OptimizerKind.Sgd, LearningRate = learningRate },
        };
        Trainer.Fit(network, data, null, options);
        return network.Parameters.SelectMany(p => p.Value).ToArray();
    }

    private static long Measure(TrainingData data, int batchSize)
    {
        Network network = new NetworkBuilder(2).Dense(16, ActivationKind.Relu).Dense(2, ActivationKind.Softmax).WithSeed(1).Build(maxBatchSize: 32);
        var options = new TrainerOptions
        {
            Epochs = 3, BatchSize = batchSize, Loss = LossKind.CategoricalCrossEntropy,
            Optimizer = new OptimizerSpec { Type = OptimizerKind.Adam },
        };
        long before = GC.GetAllocatedBytesForCurrentThread();
        Trainer.Fit(network, data, data, options);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Weights in [0.25, 3): far enough from 1 that a missed weight shows.</summary>
    private static float[] Weights(int count, ulong seed) => TestData.Uniform(count, seed).Select(v => 1.625f + 1.375f * v).ToArray();
}
