using TrainingService.Engine.Regularization;

namespace TrainingService.Engine.Tests.Regularization;

public sealed class WeightPenaltyTests
{
    [Fact]
    public void Apply_GlobalL1L2_AddsGradientAndReturnsPenalty()
    {
        // 19 values so the vector path and the scalar tail both run.
        var w = new Parameter("w", 1, 19, isWeight: true);
        for (int i = 0; i < 19; i++)
        {
            w.Value[i] = (i - 9) * 0.5f;
            w.Gradient[i] = 1f;
        }

        double penalty = WeightPenalty.Apply([w], 0.1f, 0.01f);

        double expectedPenalty = 0;
        for (int i = 0; i < 19; i++)
        {
            float v = w.Value[i];
            expectedPenalty += 0.1 * Math.Abs(v) + 0.01 * v * v;
            float expectedGradient = 1f + 0.1f * MathF.Sign(v) + 0.02f * v;
            Assert.Equal(expectedGradient, w.Gradient[i], 1e-6f);
        }
        Assert.Equal(expectedPenalty, penalty, 1e-5);
        Assert.Equal(1f, w.Gradient[9]); // w = 0: no L1 push, no L2 term
    }

    [Fact]
    public void Apply_PerLayerOverrideAndBias_OverrideWinsBiasUntouched()
    {
        var overridden = new Parameter("w1", 1, 2, isWeight: true) { L1 = 0f, L2 = 0.5f };
        var bias = new Parameter("b", 1, 2, isWeight: false);
        overridden.Value[0] = 2f;
        overridden.Value[1] = -1f;
        bias.Value[0] = 3f;

        double penalty = WeightPenalty.Apply([overridden, bias], 1f, 0.01f);

        Assert.Equal(0.5 * (4 + 1), penalty, 1e-6);
        Assert.Equal([2f, -1f], overridden.Gradient);
        Assert.Equal([0f, 0f], bias.Gradient);
        Assert.Equal(penalty, WeightPenalty.Compute([overridden, bias], 1f, 0.01f), 1e-9);
    }
}
