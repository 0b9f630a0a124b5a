using TrainingService.Engine.Kernels;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Kernels;

public sealed class ElementWiseTests
{
    public static TheoryData<int> Lengths => new(Enumerable.Range(0, 70).Concat([127, 128, 129, 257]));

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MapUnary_LeakyRelu_EqualsScalarAtEveryLength(int length)
    {
        float[] x = TestData.Uniform(length, seed: (ulong)length + 1);
        var y = new float[length];

        ElementWise.Map(new LeakyReluOperator(0.3f), x, y);

        for (int i = 0; i < length; i++) Assert.Equal(x[i] > 0 ? x[i] : 0.3f * x[i], y[i]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MapBinary_EluBackward_EqualsScalarAtEveryLength(int length)
    {
        float[] y = TestData.Uniform(length, seed: (ulong)length + 2);
        float[] g = TestData.Uniform(length, seed: (ulong)length + 3);
        var dx = new float[length];

        ElementWise.Map(new EluBackwardOperator(0.5f), y, g, dx);

        for (int i = 0; i < length; i++) Assert.Equal(y[i] > 0 ? g[i] : g[i] * (y[i] + 0.5f), dx[i]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MapTernary_GeluBackward_EqualsScalarOperatorAtEveryLength(int length)
    {
        float[] x = TestData.Uniform(length, seed: (ulong)length + 4, scale: 3f);
        float[] t = TestData.Uniform(length, seed: (ulong)length + 5);
        float[] g = TestData.Uniform(length, seed: (ulong)length + 6);
        var dx = new float[length];
        var op = default(GeluBackwardOperator);

        ElementWise.Map(op, x, t, g, dx);

        for (int i = 0; i < length; i++) Assert.Equal(op.Invoke(x[i], t[i], g[i]), dx[i]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Map_DestinationIsInput_ComputesInPlace(int length)
    {
        float[] x = TestData.Uniform(length, seed: (ulong)length + 7);
        float[] expected = x.Select(v => v > 0 ? v : 0f).ToArray();

        ElementWise.Map(default(ReluOperator), x, x);

        Assert.Equal(expected, x);
    }

    [Theory]
    [MemberData(nameof(TestData.OddShapes), MemberType = typeof(TestData))]
    public void MapWithBias_OddShapes_AddsBiasInPlaceAndActivates(int rows, int width)
    {
        float[] pre = TestData.Uniform(rows * width, seed: 8);
        float[] bias = TestData.Uniform(width, seed: 9);
        float[] original = (float[])pre.Clone();
        var output = new float[pre.Length];

        ElementWise.MapWithBias(default(ReluOperator), pre, bias, output, rows, width);

        for (int i = 0; i < pre.Length; i++)
        {
            float z = original[i] + bias[i % width];
            Assert.Equal(z, pre[i]);
            Assert.Equal(z > 0 ? z : 0f, output[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MapUnary_ScaledSign_EqualsScalarAtEveryLength(int length)
    {
        float[] x = TestData.Uniform(length, seed: (ulong)length + 10);
        if (length > 3) x[3] = 0f;
        var y = new float[length];

        ElementWise.Map(new ScaledSignOperator(0.25f), x, y);

        for (int i = 0; i < length; i++) Assert.Equal(x[i] > 0 ? 0.25f : x[i] < 0 ? -0.25f : 0f, y[i]);
    }

    [Fact]
    public void Map_ShortDestination_Throws() =>
        Assert.Throws<ArgumentException>(() => ElementWise.Map(default(ReluOperator), new float[5], new float[4]));
}
