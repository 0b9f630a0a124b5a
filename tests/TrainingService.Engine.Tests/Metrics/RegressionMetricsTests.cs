using TrainingService.Engine.Metrics;

namespace TrainingService.Engine.Tests.Metrics;

public sealed class RegressionMetricsTests
{
    private static readonly float[] Actual = [3f, -0.5f, 2f, 7f];
    private static readonly float[] Predicted = [2.5f, 0f, 2f, 8f];

    [Fact]
    public void MseRmseMae_FourPoints_MatchHandComputedValues()
    {
        // errors 0.5, 0.5, 0, 1
        Assert.Equal(0.375, RegressionMetrics.Mse(Predicted, Actual), 1e-12);
        Assert.Equal(Math.Sqrt(0.375), RegressionMetrics.Rmse(Predicted, Actual), 1e-12);
        Assert.Equal(0.5, RegressionMetrics.Mae(Predicted, Actual), 1e-12);
    }

    [Fact]
    public void R2_SingleOutput_MatchesScikitLearnExample()
    {
        // mean 2.875, SStot 29.1875, SSres 1.5: R² = 1 − 1.5/29.1875 ≈ 0.948608
        Assert.Equal(1 - 1.5 / 29.1875, RegressionMetrics.R2(Predicted, Actual), 1e-9);
    }

    [Fact]
    public void R2_TwoOutputs_AveragesPerOutput()
    {
        // output 0: actual 1,2,3 predicted 1,2,3 → 1; output 1: actual 0,0,6 predicted 2,2,2 → 1 − 24/24 = 0.
        float[] actual = [1f, 0f, 2f, 0f, 3f, 6f];
        float[] predicted = [1f, 2f, 2f, 2f, 3f, 2f];

        Assert.Equal(0.5, RegressionMetrics.R2(predicted, actual, outputs: 2), 1e-12);
    }

    [Fact]
    public void R2FromSums_SameData_MatchesTwoPass()
    {
        double sse = 1.5, sum = 11.5, sumSq = 9 + 0.25 + 4 + 49;

        Assert.Equal(RegressionMetrics.R2(Predicted, Actual), RegressionMetrics.R2FromSums(sse, sum, sumSq, 4), 1e-9);
    }
}
