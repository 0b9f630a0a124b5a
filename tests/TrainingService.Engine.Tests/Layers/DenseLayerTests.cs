using TrainingService.Engine.Activations;
using TrainingService.Engine.Initializers;
using TrainingService.Engine.Layers;
using TrainingService.Engine.Specs;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Layers;

public sealed class DenseLayerTests
{
    public static TheoryData<ActivationKind> Kinds => new(Enum.GetValues<ActivationKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Backward_EachActivation_MatchesFiniteDifferences(ActivationKind kind)
    {
        DenseLayer layer = Create(inputSize: 6, units: 5, kind, seed: 51);
        float[] x = TestData.Uniform(4 * 6, seed: 52);

        // ReLU-family kinks need a small step; smooth activations a larger one to beat float rounding.
        double h = kind is ActivationKind.Relu or ActivationKind.LeakyRelu or ActivationKind.Elu ? 1e-3 : 1e-2;
        LayerGradientCheck.Run(layer, x, batch: 4, seed: 53, h);
    }

    [Theory]
    [MemberData(nameof(TestData.OddShapes), MemberType = typeof(TestData))]
    public void Forward_OddShapes_MatchesScalarReference(int batch, int width)
    {
        int inputs = width % 5 + 2;
        DenseLayer layer = Create(inputs, width, ActivationKind.Tanh, seed: 54);
        layer.EnsureCapacity(batch);
        TestData.Uniform(width, seed: 55).CopyTo(layer.Bias.Value, 0);
        float[] x = TestData.Uniform(batch * inputs, seed: 56);

        ReadOnlySpan<float> y = layer.Forward(x, batch, training: false);

        var expected = new double[batch * width];
        for (int r = 0; r < batch; r++)
            for (int j = 0; j < width; j++)
            {
                double z = layer.Bias.Value[j];
                for (int k = 0; k < inputs; k++) z += (double)x[r * inputs + k] * layer.Weights.Value[k * width + j];
                expected[r * width + j] = Math.Tanh(z);
            }
        Reference.AssertAllClose(expected, y, rel: 1e-5, abs: 1e-6);
    }

    [Fact]
    public void Backward_Twice_AccumulatesGradients()
    {
        DenseLayer layer = Create(3, 2, ActivationKind.Sigmoid, seed: 57);
        layer.EnsureCapacity(2);
        float[] x = TestData.Uniform(6, seed: 58), g = TestData.Uniform(4, seed: 59);
        layer.Forward(x, 2, true);
        layer.Backward(x, g, 2, false);
        float[] once = layer.Weights.Gradient.ToArray();

        layer.Backward(x, g, 2, false);

        Reference.AssertAllClose(once.Select(v => 2.0 * v).ToArray(), layer.Weights.Gradient, rel: 1e-6, abs: 1e-7);
    }

    [Fact]
    public void Backward_WithoutInputGradient_ReturnsEmpty()
    {
        DenseLayer layer = Create(3, 2, ActivationKind.Relu, seed: 60);
        layer.EnsureCapacity(1);
        float[] x = [1f, 2f, 3f];
        layer.Forward(x, 1, true);

        Assert.True(layer.Backward(x, [1f, 1f], 1, computeInputGradient: false).IsEmpty);
    }

    [Fact]
    public void Constructor_RegularizationOverrides_AppliedToWeightsOnly()
    {
        var layer = new DenseLayer("d", 3, new DenseLayerSpec(2, L1: 0.1f, L2: 0.2f, MaxNorm: 3f), new LayerContext(new SeededRandom(1)));

        Assert.True(layer.Weights.IsWeight);
        Assert.Equal((0.1f, 0.2f, 3f), (layer.Weights.L1, layer.Weights.L2, layer.Weights.MaxNorm));
        Assert.False(layer.Bias.IsWeight);
        Assert.Null(layer.Bias.L2);
        Assert.Equal((1, 2), (layer.Bias.Rows, layer.Bias.Cols));
    }

    [Fact]
    public void Forward_BatchAboveCapacity_Throws()
    {
        DenseLayer layer = Create(2, 2, ActivationKind.Linear, seed: 61);
        layer.EnsureCapacity(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(new float[4], 2, false).ToArray());
    }

    internal static DenseLayer Create(int inputSize, int units, ActivationKind kind, ulong seed)
    {
        var layer = new DenseLayer("dense", inputSize, new DenseLayerSpec(units, kind), new LayerContext(new SeededRandom(seed)));
        InitialWeights.Fill(InitializerKind.GlorotUniform, layer.Weights.Value, inputSize, units, new SeededRandom(seed));
        TestData.Uniform(units, seed + 100, 0.1f).CopyTo(layer.Bias.Value, 0);
        return layer;
    }
}
