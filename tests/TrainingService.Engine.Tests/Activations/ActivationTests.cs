using TrainingService.Engine.Activations;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Activations;

public sealed class ActivationTests
{
    public static TheoryData<ActivationKind> Kinds => new(Enum.GetValues<ActivationKind>());

    public static TheoryData<ActivationKind, int, int> KindsAndShapes
    {
        get
        {
            var data = new TheoryData<ActivationKind, int, int>();
            foreach (ActivationKind kind in Enum.GetValues<ActivationKind>())
                foreach ((int b, int w) in new[] { (1, 1), (7, 13), (3, 17), (2, 70), (129, 257) })
                    data.Add(kind, b, w);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndShapes))]
    public void Forward_OddShapes_MatchesScalarReference(ActivationKind kind, int batch, int width)
    {
        ActivationFunction activation = ActivationFunction.Create(kind, NonDefaultAlpha(kind));
        float[] x = TestData.Uniform(batch * width, seed: 11, scale: 4f);
        var y = new float[x.Length];

        activation.Forward(x, y, batch, width);

        Reference.AssertAllClose(ActivationReference.Forward(kind, activation.Alpha, x, batch, width), y);
    }

    [Theory]
    [MemberData(nameof(KindsAndShapes))]
    public void Backward_OddShapes_MatchesScalarReference(ActivationKind kind, int batch, int width)
    {
        ActivationFunction activation = ActivationFunction.Create(kind, NonDefaultAlpha(kind));
        float[] x = TestData.AwayFromZero(batch * width, seed: 12, scale: 4f, margin: 1e-3f);
        float[] dy = TestData.Uniform(batch * width, seed: 13);
        float[] y = new float[x.Length], dx = new float[x.Length];

        activation.Forward(x, y, batch, width);
        activation.Backward(x, y, dy, dx, batch, width);

        Reference.AssertAllClose(ActivationReference.Backward(kind, activation.Alpha, x, dy, batch, width), dx, rel: 1e-4, abs: 1e-6);
    }

    [Theory]
    [MemberData(nameof(KindsAndShapes))]
    public void ForwardWithBias_OddShapes_EqualsBiasThenForward(ActivationKind kind, int batch, int width)
    {
        ActivationFunction activation = ActivationFunction.Create(kind);
        float[] x = TestData.Uniform(batch * width, seed: 14, scale: 3f);
        float[] bias = TestData.Uniform(width, seed: 15);
        float[] pre = (float[])x.Clone();
        float[] fused = new float[x.Length], expected = new float[x.Length];
        var biased = new double[x.Length];
        for (int i = 0; i < x.Length; i++) biased[i] = x[i] + bias[i % width];

        activation.ForwardWithBias(pre, bias, fused, batch, width);
        activation.Forward(pre, expected, batch, width);

        Reference.AssertAllClose(biased, pre, rel: 0, abs: 0);
        Reference.AssertAllClose(expected.Select(v => (double)v).ToArray(), fused, rel: 1e-6, abs: 1e-7);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Backward_RandomInputs_MatchesFiniteDifferences(ActivationKind kind)
    {
        const int batch = 4, width = 9;
        ActivationFunction activation = ActivationFunction.Create(kind, NonDefaultAlpha(kind));
        float[] x = TestData.AwayFromZero(batch * width, seed: 21, scale: 2f, margin: 0.05f);
        float[] c = TestData.Uniform(batch * width, seed: 22);
        float[] y = new float[x.Length], dx = new float[x.Length];
        activation.Forward(x, y, batch, width);
        activation.Backward(x, y, c, dx, batch, width);

        double[] numeric = GradientCheck.Numeric(x, () =>
        {
            activation.Forward(x, y, batch, width);
            return GradientCheck.Dot(y, c);
        }, h: 1e-2);

        GradientCheck.AssertClose(dx, numeric, kind.ToString());
    }

    [Fact]
    public void Softmax_LogitsOfPlusMinus1000_FiniteRowsSummingToOne()
    {
        ActivationFunction softmax = ActivationFunction.Create(ActivationKind.Softmax);
        float[] x = [1000f, -1000f, 0f, 999f, -1000f, -1000f, -1000f, -1000f];
        var y = new float[x.Length];

        softmax.Forward(x, y, 2, 4);

        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f, y[0] + y[1] + y[2] + y[3], 5);
        Assert.Equal(0.25f, y[5], 6);
    }

    [Fact]
    public void Sigmoid_LargeMagnitudes_SaturatesWithoutNaN()
    {
        ActivationFunction sigmoid = ActivationFunction.Create(ActivationKind.Sigmoid);
        float[] x = [1000f, -1000f];
        var y = new float[2];

        sigmoid.Forward(x, y, 1, 2);

        Assert.Equal([1f, 0f], y);
    }

    [Theory]
    [InlineData(ActivationKind.LeakyRelu, -0.1f)]
    [InlineData(ActivationKind.Elu, 0f)]
    public void Create_InvalidAlpha_Throws(ActivationKind kind, float alpha) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ActivationFunction.Create(kind, alpha));

    [Fact]
    public void Create_DefaultAlphas_AreKerasDefaults()
    {
        Assert.Equal(0.01f, ActivationFunction.Create(ActivationKind.LeakyRelu).Alpha);
        Assert.Equal(1f, ActivationFunction.Create(ActivationKind.Elu).Alpha);
    }

    [Fact]
    public void Forward_ShortOutput_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => ActivationFunction.Create(ActivationKind.Relu).Forward(new float[6], new float[5], 2, 3));

    private static float? NonDefaultAlpha(ActivationKind kind) => kind switch
    {
        ActivationKind.LeakyRelu => 0.2f,
        ActivationKind.Elu => 0.7f,
        _ => null,
    };
}
