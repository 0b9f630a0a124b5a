using TrainingService.Engine.Metrics;

namespace TrainingService.Engine.Tests.Metrics;

public sealed class ClassificationMetricsTests
{
    // actual:    0 0 0 1 1 2 2 2 2
    // predicted: 0 1 0 1 2 2 2 0 2
    private static readonly int[] Actual = [0, 0, 0, 1, 1, 2, 2, 2, 2];
    private static readonly int[] Predicted = [0, 1, 0, 1, 2, 2, 2, 0, 2];

    [Fact]
    public void ConfusionMatrix_Labels_CountsActualByPredicted()
    {
        long[] matrix = ClassificationMetrics.ConfusionMatrix(Predicted, Actual, 3);

        Assert.Equal([2L, 1, 0, 0, 1, 1, 1, 0, 3], matrix);
    }

    [Fact]
    public void Accuracy_Labels_FractionCorrect()
    {
        Assert.Equal(6.0 / 9, ClassificationMetrics.Accuracy(Predicted, Actual), 1e-12);
        Assert.Equal(6.0 / 9, ClassificationMetrics.Accuracy(ClassificationMetrics.ConfusionMatrix(Predicted, Actual, 3), 3), 1e-12);
    }

    [Fact]
    public void MacroAverage_Confusion_MatchesHandComputedPrecisionRecallF1()
    {
        long[] matrix = ClassificationMetrics.ConfusionMatrix(Predicted, Actual, 3);
        // class 0: P 2/3, R 2/3, F1 2/3; class 1: P 1/2, R 1/2, F1 1/2; class 2: P 3/4, R 3/4, F1 3/4.
        var precision = new double[3];
        var recall = new double[3];
        var f1 = new double[3];

        ClassificationMetrics.PerClass(matrix, 3, precision, recall, f1);
        var macro = ClassificationMetrics.MacroAverage(matrix, 3);

        Assert.Equal(2.0 / 3, precision[0], 1e-12);
        Assert.Equal(0.5, recall[1], 1e-12);
        Assert.Equal(0.75, f1[2], 1e-12);
        double expected = (2.0 / 3 + 0.5 + 0.75) / 3;
        Assert.Equal(expected, macro.Precision, 1e-12);
        Assert.Equal(expected, macro.Recall, 1e-12);
        Assert.Equal(expected, macro.F1, 1e-12);
    }

    [Fact]
    public void MacroAverage_UnpredictedClass_CountsZero()
    {
        long[] matrix = ClassificationMetrics.ConfusionMatrix([0, 0, 0], [0, 1, 0], 2);
        // class 0: P 2/3, R 1, F1 0.8; class 1: never predicted → P 0, R 0, F1 0.

        var macro = ClassificationMetrics.MacroAverage(matrix, 2);

        Assert.Equal(1.0 / 3, macro.Precision, 1e-12);
        Assert.Equal(0.5, macro.Recall, 1e-12);
        Assert.Equal(0.4, macro.F1, 1e-12);
    }

    [Fact]
    public void ArgMax_Scores_PicksLargestPerRow()
    {
        var labels = new int[3];

        ClassificationMetrics.ArgMax([0.1f, 0.7f, 0.2f, 3f, -1f, 2f, 0f, 0f, 1f], 3, labels);

        Assert.Equal([1, 0, 2], labels);
    }

    [Fact]
    public void LogLoss_Probabilities_MeanNegativeLogOfTrueClass()
    {
        double loss = ClassificationMetrics.LogLoss([0.8f, 0.2f, 0.25f, 0.75f], [1f, 0f, 0f, 1f], 2);

        Assert.Equal(-(Math.Log(0.8f) + Math.Log(0.75f)) / 2, loss, 1e-9);
    }
}
