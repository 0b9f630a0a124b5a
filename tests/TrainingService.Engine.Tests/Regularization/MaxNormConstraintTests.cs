using TrainingService.Engine.Regularization;

namespace TrainingService.Engine.Tests.Regularization;

public sealed class MaxNormConstraintTests
{
    [Fact]
    public void Apply_ColumnAboveBound_ScaledToBoundOthersUnchanged()
    {
        // [in = 2, out = 3]: column norms 5, 0.5, √2.
        var w = new Parameter("w", 2, 3, isWeight: true) { MaxNorm = 2f };
        float[] values = [3f, 0.3f, 1f, 4f, 0.4f, -1f];
        values.CopyTo(w.Value, 0);

        new MaxNormConstraint().Apply([w], globalMaxNorm: null);

        Assert.Equal(1.2f, w.Value[0], 1e-6f);
        Assert.Equal(1.6f, w.Value[3], 1e-6f);
        Assert.Equal([0.3f, 1f, 0.4f, -1f], new[] { w.Value[1], w.Value[2], w.Value[4], w.Value[5] });
    }

    [Fact]
    public void Apply_GlobalBoundWideMatrix_EveryColumnNormAtMostBound()
    {
        var random = new SeededRandom(3);
        var w = new Parameter("w", 5, 41, isWeight: true);
        var bias = new Parameter("b", 1, 41, isWeight: false);
        for (int i = 0; i < w.Length; i++)
            w.Value[i] = (float)random.NextGaussian();
        bias.Value.AsSpan().Fill(10f);

        new MaxNormConstraint().Apply([w, bias], globalMaxNorm: 1.5f);

        for (int c = 0; c < 41; c++)
        {
            double norm = 0;
            for (int r = 0; r < 5; r++)
                norm += w.Value[r * 41 + c] * w.Value[r * 41 + c];
            Assert.True(Math.Sqrt(norm) <= 1.5 + 1e-5, $"column {c} norm {Math.Sqrt(norm)}");
        }
        Assert.All(bias.Value, v => Assert.Equal(10f, v));
    }
}
