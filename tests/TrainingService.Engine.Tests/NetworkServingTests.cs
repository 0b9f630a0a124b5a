using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Serialization;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests;

/// <summary>Predictions through packed weights: packed once per call, or once for good on a serving network.</summary>
public sealed class NetworkServingTests
{
    private const int Rows = 600; // more than one prediction chunk (512 rows)

    private static readonly float[] Inputs = TestData.Uniform(Rows * 784, seed: 301);

    [Fact]
    public void Predict_SeveralChunks_EqualsEachChunkPredictedAlone()
    {
        // One call packs the weights once for both chunks; a call of one chunk multiplies the unpacked weights.
        Network net = FashionShaped();
        float[] together = new float[Rows * 10], apart = new float[Rows * 10];

        net.Predict(Inputs, Rows, together);
        net.Predict(Inputs, Network.PredictChunkRows, apart);
        net.Predict(Inputs.AsSpan(Network.PredictChunkRows * 784), Rows - Network.PredictChunkRows, apart.AsSpan(Network.PredictChunkRows * 10));

        Assert.Equal(apart, together);
    }

    [Fact]
    public void PredictThenTrain_LaterForwardAndPredict_UseTheNewWeights()
    {
        Network net = FashionShaped();
        float[] before = new float[Rows * 10];
        net.Predict(Inputs, Rows, before);

        TrainStep(net);
        Network copy = NetworkSerializer.FromBytes(NetworkSerializer.ToBytes(net), net.MaxBatchSize);
        // An inference Forward first (as the trainer's evaluation runs), then Predict.
        Assert.Equal(copy.Forward(Inputs, 100, false).ToArray(), net.Forward(Inputs, 100, false).ToArray());
        float[] after = new float[Rows * 10], expected = new float[Rows * 10];
        net.Predict(Inputs, Rows, after);
        copy.Predict(Inputs, Rows, expected);

        Assert.NotEqual(before, after);
        Assert.Equal(expected, after);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)] // packed from two rows on; unpacked, the small-row kernel
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(Rows)]
    public void ServeOnly_PredictsWhatTheNetworkDid(int rows)
    {
        Network plain = FashionShaped(), served = FashionShaped();
        served.ServeOnly();
        float[] expected = new float[rows * 10], actual = new float[rows * 10];

        plain.Predict(Inputs, rows, expected);
        served.Predict(Inputs, rows, actual);

        Assert.True(served.IsServingOnly);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ServeOnly_WarmPredictionAllocatesNothing_AndTrainingThrows()
    {
        Network served = FashionShaped();
        served.ServeOnly();
        float[] output = new float[100 * 10];

        long allocated = AllocationMeter.SteadyStateBytes(() => served.Predict(Inputs, 100, output));

        Assert.Equal(0, allocated);
        Assert.Throws<InvalidOperationException>(() => served.Forward(Inputs, 100, training: true).ToArray());
    }

    private static Network FashionShaped() =>
        new NetworkBuilder(784).Dense(256, ActivationKind.Relu).Dense(128, ActivationKind.Relu)
            .Dense(10, ActivationKind.Softmax).WithSeed(9).Build(maxBatchSize: 128);

    private static void TrainStep(Network net)
    {
        ILoss loss = LossFactory.Create(LossKind.CategoricalCrossEntropy);
        net.ZeroGradients();
        net.Forward(Inputs, 128, true);
        net.Backward(loss, TestData.OneHot(128, 10, 302), 128);
        foreach (Parameter p in net.Parameters)
            for (int i = 0; i < p.Length; i++) p.Value[i] -= 0.5f * p.Gradient[i];
    }
}
