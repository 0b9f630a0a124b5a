using TrainingService.Engine.Activations;
using TrainingService.Engine.Layers;
using TrainingService.Engine.Specs;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Layers;

public sealed class ActivationLayerTests
{
    public static TheoryData<ActivationKind> Kinds => new(Enum.GetValues<ActivationKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Backward_EachActivation_MatchesFiniteDifferences(ActivationKind kind)
    {
        var layer = new ActivationLayer("activation", 7, new ActivationLayerSpec(kind));
        float[] x = TestData.AwayFromZero(3 * 7, seed: 71, scale: 2f);

        LayerGradientCheck.Run(layer, x, batch: 3, seed: 72);
    }

    [Fact]
    public void Forward_Relu_ClampsNegatives()
    {
        var layer = new ActivationLayer("activation", 3, new ActivationLayerSpec(ActivationKind.Relu));
        layer.EnsureCapacity(1);

        Assert.Equal([0f, 0f, 2f], layer.Forward([-1f, 0f, 2f], 1, false).ToArray());
    }
}
