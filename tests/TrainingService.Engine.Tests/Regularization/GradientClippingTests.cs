using TrainingService.Engine.Regularization;

namespace TrainingService.Engine.Tests.Regularization;

public sealed class GradientClippingTests
{
    [Fact]
    public void ClipByGlobalNorm_AboveBound_ScalesAllGradientsToBound()
    {
        var a = new Parameter("a", 1, 2, isWeight: true);
        var b = new Parameter("b", 1, 1, isWeight: false);
        a.Gradient[0] = 3f;
        a.Gradient[1] = 4f;
        b.Gradient[0] = 12f; // global norm 13

        double norm = GradientClipping.ClipByGlobalNorm([a, b], 6.5f);

        Assert.Equal(13.0, norm, 1e-9);
        Assert.Equal([1.5f, 2f], a.Gradient);
        Assert.Equal(6f, b.Gradient[0]);
        Assert.Equal(6.5, GradientClipping.GlobalNorm([a, b]), 1e-5);
    }

    [Fact]
    public void ClipByGlobalNorm_BelowBound_LeavesGradients()
    {
        var a = new Parameter("a", 1, 2, isWeight: true);
        a.Gradient[0] = 0.3f;
        a.Gradient[1] = 0.4f;

        double norm = GradientClipping.ClipByGlobalNorm([a], 1f);

        Assert.Equal(0.5, norm, 1e-6);
        Assert.Equal([0.3f, 0.4f], a.Gradient);
    }
}
