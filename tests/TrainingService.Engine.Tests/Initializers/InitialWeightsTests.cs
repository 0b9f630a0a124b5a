using TrainingService.Engine.Initializers;

namespace TrainingService.Engine.Tests.Initializers;

public sealed class InitialWeightsTests
{
    [Theory]
    [InlineData(InitializerKind.HeNormal, 2.0 / 200)]
    [InlineData(InitializerKind.HeUniform, 2.0 / 200)]
    [InlineData(InitializerKind.GlorotNormal, 2.0 / 500)]
    [InlineData(InitializerKind.GlorotUniform, 2.0 / 500)]
    [InlineData(InitializerKind.LecunNormal, 1.0 / 200)]
    public void Fill_LargeMatrix_HasZeroMeanAndExpectedVariance(InitializerKind kind, double variance)
    {
        var w = new float[200 * 300];

        InitialWeights.Fill(kind, w, fanIn: 200, fanOut: 300, new SeededRandom(131));

        double mean = w.Average(v => (double)v);
        double actual = w.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.02 * Math.Sqrt(variance), 0.02 * Math.Sqrt(variance));
        Assert.InRange(actual, variance * 0.97, variance * 1.03);
    }

    [Theory]
    [InlineData(InitializerKind.HeUniform, 6.0 / 50)]
    [InlineData(InitializerKind.GlorotUniform, 6.0 / 80)]
    public void Fill_Uniform_StaysWithinLimit(InitializerKind kind, double limitSquared)
    {
        var w = new float[50 * 30];

        InitialWeights.Fill(kind, w, fanIn: 50, fanOut: 30, new SeededRandom(132));

        Assert.All(w, v => Assert.True(Math.Abs(v) <= Math.Sqrt(limitSquared)));
    }

    [Fact]
    public void Fill_SameSeed_SameValues()
    {
        float[] a = new float[64], b = new float[64];

        InitialWeights.Fill(InitializerKind.HeNormal, a, 8, 8, new SeededRandom(133));
        InitialWeights.Fill(InitializerKind.HeNormal, b, 8, 8, new SeededRandom(133));

        Assert.Equal(a, b);
        Assert.Contains(a, v => v != 0);
    }
}
