using TrainingService.Engine.Layers;
using TrainingService.Engine.Specs;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Layers;

public sealed class DropoutLayerTests
{
    [Fact]
    public void Forward_Inference_IsIdentity()
    {
        DropoutLayer layer = Create(0.5f, width: 10, seed: 81);
        layer.EnsureCapacity(3);
        float[] x = TestData.Uniform(30, seed: 82);

        Assert.Equal(x, layer.Forward(x, 3, training: false).ToArray());
    }

    [Fact]
    public void Forward_Training_DropsAtRateAndScalesSurvivors()
    {
        const float rate = 0.3f;
        DropoutLayer layer = Create(rate, width: 1000, seed: 83);
        layer.EnsureCapacity(100);
        float[] ones = Enumerable.Repeat(1f, 100_000).ToArray();

        float[] y = layer.Forward(ones, 100, training: true).ToArray();

        double dropped = y.Count(v => v == 0f) / (double)y.Length;
        Assert.InRange(dropped, rate - 0.01, rate + 0.01);
        Assert.All(y.Where(v => v != 0f), v => Assert.Equal(1f / (1f - rate), v));
        Assert.InRange(y.Average(), 0.99, 1.01); // inverted dropout keeps the expectation
    }

    [Fact]
    public void Backward_FixedMask_MatchesFiniteDifferences()
    {
        var context = new LayerContext(new SeededRandom(84));
        var layer = new DropoutLayer("dropout", 9, new DropoutLayerSpec(0.4f), context);
        ulong[] state = context.DropoutRandom.GetState();
        float[] x = TestData.Uniform(4 * 9, seed: 85);

        LayerGradientCheck.Run(layer, x, batch: 4, seed: 86, beforeForward: () => context.DropoutRandom = SeededRandom.FromState(state));
    }

    [Fact]
    public void Forward_SameGeneratorState_SameMask()
    {
        var context = new LayerContext(new SeededRandom(87));
        var layer = new DropoutLayer("dropout", 16, new DropoutLayerSpec(0.5f), context);
        layer.EnsureCapacity(2);
        float[] x = Enumerable.Repeat(1f, 32).ToArray();
        ulong[] state = context.DropoutRandom.GetState();

        float[] first = layer.Forward(x, 2, true).ToArray();
        float[] second = layer.Forward(x, 2, true).ToArray();
        context.DropoutRandom = SeededRandom.FromState(state);
        float[] replay = layer.Forward(x, 2, true).ToArray();

        Assert.NotEqual(first, second);
        Assert.Equal(first, replay);
    }

    [Fact]
    public void Forward_RateZero_IsIdentityInTraining()
    {
        DropoutLayer layer = Create(0f, width: 5, seed: 88);
        layer.EnsureCapacity(2);
        float[] x = TestData.Uniform(10, seed: 89);

        Assert.Equal(x, layer.Forward(x, 2, training: true).ToArray());
    }

    private static DropoutLayer Create(float rate, int width, ulong seed) =>
        new("dropout", width, new DropoutLayerSpec(rate), new LayerContext(new SeededRandom(seed)));
}
