using TrainingService.Engine.Metrics;

namespace TrainingService.Engine.Tests.Metrics;

public sealed class ClassificationReportTests
{
    // actual:    0 0 0 1 1 2 2 2 2
    // predicted: 0 1 0 1 2 2 2 0 2  (each row gives its predicted class 0.6 and the others 0.2)
    private static readonly int[] Actual = [0, 0, 0, 1, 1, 2, 2, 2, 2];
    private static readonly int[] Predicted = [0, 1, 0, 1, 2, 2, 2, 0, 2];

    private static float[] Probabilities()
    {
        var probabilities = new float[Predicted.Length * 3];
        for (int r = 0; r < Predicted.Length; r++)
        {
            for (int c = 0; c < 3; c++)
                probabilities[r * 3 + c] = c == Predicted[r] ? 0.6f : 0.2f;
        }

        return probabilities;
    }

    [Fact]
    public void Compute_HandComputedCase_ConfusionPerClassAndAverages()
    {
        var report = ClassificationReport.Compute(Probabilities(), 3, Actual);

        Assert.Equal([2L, 1, 0, 0, 1, 1, 1, 0, 3], report.Confusion);
        Assert.Equal([3L, 2, 4], report.Support);
        // precision: class 0 2/3 (column 2,0,1), class 1 1/2, class 2 3/4; recall: 2/3, 1/2, 3/4.
        Assert.Equal([2.0 / 3, 0.5, 0.75], report.Precision, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([2.0 / 3, 0.5, 0.75], report.Recall, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([2.0 / 3, 0.5, 0.75], report.F1, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(6.0 / 9, report.Accuracy, 1e-12);
        Assert.Equal((2.0 / 3 + 0.5 + 0.75) / 3, report.MacroAverage.F1, 1e-12);
        // weighted by support 3, 2, 4: (3·2/3 + 2·1/2 + 4·3/4) / 9 = 6/9.
        Assert.Equal(6.0 / 9, report.WeightedAverage.Precision, 1e-12);
        Assert.Equal(6.0 / 9, report.WeightedAverage.Recall, 1e-12);
        Assert.Equal(6.0 / 9, report.WeightedAverage.F1, 1e-12);
        // six rows give their actual class 0.6, three give it 0.2.
        Assert.Equal(-(6 * Math.Log(0.6f) + 3 * Math.Log(0.2f)) / 9, report.LogLoss, 1e-9);
    }

    [Fact]
    public void WeightedAverage_UnequalScores_WeighsBySupport()
    {
        // actual 0 0 0 1, predicted 0 0 1 1: class 0 P 1 R 2/3 F1 0.8 (support 3); class 1 P 1/2 R 1 F1 2/3 (support 1).
        long[] confusion = ClassificationMetrics.ConfusionMatrix([0, 0, 1, 1], [0, 0, 0, 1], 2);

        var weighted = ClassificationMetrics.WeightedAverage(confusion, 2);

        Assert.Equal((3 * 1.0 + 0.5) / 4, weighted.Precision, 1e-12);
        Assert.Equal((3 * (2.0 / 3) + 1) / 4, weighted.Recall, 1e-12);
        Assert.Equal((3 * 0.8 + 2.0 / 3) / 4, weighted.F1, 1e-12);
    }

    [Fact]
    public void RocAuc_ScikitLearnExample_IsThreeQuarters()
    {
        // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        Assert.Equal(0.75, ClassificationMetrics.RocAuc([0.1f, 0.4f, 0.35f, 0.8f], [0, 0, 1, 1], 1), 1e-12);
    }

    [Fact]
    public void RocAuc_TiedScores_CountHalf()
    {
        // positives 0.35, 0.8, 0.4 against negatives 0.1, 0.4, 0.7: 0.35 beats 1, 0.8 beats 3, 0.4 beats 1 and ties 1
        // → (1 + 3 + 1.5) / 9.
        double auc = ClassificationMetrics.RocAuc([0.1f, 0.4f, 0.35f, 0.8f, 0.4f, 0.7f], [0, 0, 1, 1, 1, 0], 1);

        Assert.Equal(5.5 / 9, auc, 1e-12);
    }

    [Fact]
    public void RocAuc_OneClassOnly_IsNaN()
    {
        Assert.True(double.IsNaN(ClassificationMetrics.RocAuc([0.2f, 0.9f], [1, 1], 1)));
    }

    [Fact]
    public void RocAuc_ThreeClasses_IsMacroOneVsRest()
    {
        float[] probabilities =
        [
            0.6f, 0.3f, 0.1f,
            0.3f, 0.5f, 0.2f,
            0.2f, 0.2f, 0.6f,
            0.3f, 0.4f, 0.3f,
        ];
        // class 0: positives 0.6, 0.3 vs negatives 0.3, 0.2 → (2 + 1.5) / 4; classes 1 and 2 separate perfectly.

        double auc = ClassificationMetrics.RocAuc(probabilities, 3, [0, 1, 2, 0]);

        Assert.Equal((0.875 + 1 + 1) / 3, auc, 1e-12);
    }

    [Fact]
    public void RocAuc_ClassWithoutRows_AveragesTheDefinedOnes()
    {
        // class 2 never occurs, so its AUC is undefined and only classes 0 and 1 count.
        float[] probabilities =
        [
            0.8f, 0.1f, 0.1f,
            0.1f, 0.5f, 0.4f,
            0.2f, 0.5f, 0.3f,
        ];
        // class 0: positive 0.8 vs 0.1, 0.2 → 1; class 1: positive 0.5 (row 1) vs 0.1 (win) and 0.5 (tie) → 0.75.

        double auc = ClassificationMetrics.RocAuc(probabilities, 3, [0, 1, 0]);

        Assert.Equal((1 + 0.75) / 2, auc, 1e-12);
    }

    [Fact]
    public void RocAuc_TwoClasses_UsesClassOneProbability()
    {
        var report = ClassificationReport.Compute([0.9f, 0.1f, 0.6f, 0.4f, 0.65f, 0.35f, 0.2f, 0.8f], 2, [0, 0, 1, 1]);

        Assert.Equal(0.75, report.RocAuc, 1e-12);
    }

    [Fact]
    public void ResidualSummary_FiveResiduals_MatchesNumpyPercentiles()
    {
        // residuals actual − predicted = 3, -1, 0, 2, 10; numpy.percentile(r, [5, 25, 50, 75, 95]) = -0.8, 0, 2, 3, 8.6.
        var summary = ResidualSummary.Compute([0f, 0f, 1f, 0f, -5f], [3f, -1f, 1f, 2f, 5f])!;

        Assert.Equal(-1, summary.Min);
        Assert.Equal(-0.8, summary.P5, 1e-12);
        Assert.Equal(0, summary.P25, 1e-12);
        Assert.Equal(2, summary.P50, 1e-12);
        Assert.Equal(3, summary.P75, 1e-12);
        Assert.Equal(8.6, summary.P95, 1e-12);
        Assert.Equal(10, summary.Max);
    }
}
