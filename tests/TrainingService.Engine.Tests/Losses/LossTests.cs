using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Losses;

public sealed class LossTests
{
    public static TheoryData<LossKind> Kinds => new(Enum.GetValues<LossKind>());

    public static TheoryData<LossKind, int, int> KindsAndShapes
    {
        get
        {
            var data = new TheoryData<LossKind, int, int>();
            foreach (LossKind kind in Enum.GetValues<LossKind>())
                foreach ((int b, int w) in new[] { (1, 1), (7, 13), (3, 17), (129, 257) })
                    data.Add(kind, b, w);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndShapes))]
    public void Compute_OddShapes_MatchesScalarReference(LossKind kind, int batch, int width)
    {
        ILoss loss = LossFactory.Create(kind, huberDelta: 0.5f);
        (float[] y, float[] t) = Data(kind, batch, width, seed: 41);
        var g = new float[y.Length];

        float value = loss.Compute(y, t, g, batch, width);

        (double expected, double[] expectedGradient) = LossReference.Compute(kind, y, t, batch, width, delta: 0.5);
        Assert.Equal(expected, value, 1e-5 * Math.Max(1, Math.Abs(expected)));
        double gradientScale = expectedGradient.Max(Math.Abs);
        Reference.AssertAllClose(expectedGradient, g, rel: 1e-4, abs: 1e-6 * gradientScale);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Compute_Gradient_MatchesFiniteDifferences(LossKind kind)
    {
        const int batch = 5, width = 4;
        ILoss loss = LossFactory.Create(kind, huberDelta: 0.5f);
        (float[] y, float[] t) = Data(kind, batch, width, seed: 42);
        var g = new float[y.Length];
        var scratch = new float[y.Length];
        loss.Compute(y, t, g, batch, width);

        double[] numeric = GradientCheck.Numeric(y, () => loss.Compute(y, t, scratch, batch, width), h: 1e-2);

        GradientCheck.AssertClose(g, numeric, kind.ToString());
    }

    [Theory]
    [InlineData(LossKind.CategoricalCrossEntropy)]
    [InlineData(LossKind.BinaryCrossEntropy)]
    public void Compute_LogitsOfPlusMinus1000_FiniteLossAndGradient(LossKind kind)
    {
        ILoss loss = LossFactory.Create(kind);
        float[] logits = [1000f, -1000f, 0f, -1000f, 1000f, 1000f];
        float[] target = [0f, 1f, 0f, 1f, 0f, 0f];
        var g = new float[6];

        float value = loss.Compute(logits, target, g, 2, 3);

        Assert.True(float.IsFinite(value) && value > 100f, $"loss {value}");
        Assert.All(g, v => Assert.True(float.IsFinite(v)));
        (double expected, _) = LossReference.Compute(kind, logits, target, 2, 3);
        Assert.Equal(expected, value, 1e-3);
    }

    [Fact]
    public void CategoricalCrossEntropy_ConfidentCorrectLogits_NearZeroLossAndGradient()
    {
        ILoss loss = LossFactory.Create(LossKind.CategoricalCrossEntropy);
        float[] logits = [1000f, -1000f, 0f];
        float[] target = [1f, 0f, 0f];
        var g = new float[3];

        float value = loss.Compute(logits, target, g, 1, 3);

        Assert.Equal(0f, value);
        Assert.All(g, v => Assert.Equal(0f, v, 6));
    }

    [Fact]
    public void Huber_ResidualBeyondDelta_IsLinear()
    {
        ILoss loss = LossFactory.Create(LossKind.Huber, huberDelta: 2f);
        var g = new float[1];

        float value = loss.Compute([10f], [0f], g, 1, 1);

        Assert.Equal(2f * (10f - 1f), value);
        Assert.Equal(2f, g[0]);
    }

    [Fact]
    public void MeanAbsoluteError_ZeroResidual_ZeroGradient()
    {
        var g = new float[2];

        LossFactory.Create(LossKind.MeanAbsoluteError).Compute([1f, 3f], [1f, 1f], g, 1, 2);

        Assert.Equal([0f, 0.5f], g);
    }

    [Theory]
    [InlineData(LossKind.BinaryCrossEntropy, ActivationKind.Sigmoid)]
    [InlineData(LossKind.CategoricalCrossEntropy, ActivationKind.Softmax)]
    [InlineData(LossKind.MeanSquaredError, ActivationKind.Linear)]
    public void Create_FusedActivation_NamesTheActivationWhoseLogitsItTakes(LossKind kind, ActivationKind fused) =>
        Assert.Equal(fused, LossFactory.Create(kind).FusedActivation);

    [Fact]
    public void Compute_ShortTarget_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => LossFactory.Create(LossKind.MeanSquaredError).Compute(new float[4], new float[3], new float[4], 2, 2));

    /// <summary>Outputs and targets for a loss of <paramref name="kind"/>, residuals kept off the kinks of MAE and Huber.</summary>
    internal static (float[] Output, float[] Target) Data(LossKind kind, int batch, int width, ulong seed)
    {
        int n = batch * width;
        float[] y = TestData.Uniform(n, seed, scale: 3f);
        float[] t = kind switch
        {
            LossKind.CategoricalCrossEntropy => TestData.OneHot(batch, width, seed + 1),
            LossKind.BinaryCrossEntropy => TestData.Uniform(n, seed + 1).Select(v => (v + 1f) / 2f).ToArray(),
            _ => TestData.Uniform(n, seed + 1, scale: 3f),
        };
        // Keep residuals off the kinks of MAE (0) and Huber (±δ) so finite differences are valid there.
        if (kind is LossKind.MeanAbsoluteError or LossKind.Huber)
            for (int i = 0; i < n; i++)
            {
                float r = y[i] - t[i];
                if (MathF.Abs(r) < 0.05f || MathF.Abs(MathF.Abs(r) - 0.5f) < 0.05f) y[i] += 0.2f;
            }
        return (y, t);
    }
}
