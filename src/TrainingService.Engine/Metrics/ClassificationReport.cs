namespace TrainingService.Engine.Metrics;

/// <summary>
/// A classifier's outputs scored against the actual classes in one pass: the confusion matrix (row-major
/// <c>[Classes, Classes]</c>, rows = actual, columns = predicted), per-class precision, recall, F1 and support
/// (actual rows), their macro and support-weighted averages, accuracy, log loss and ROC AUC (see
/// <see cref="ClassificationMetrics.RocAuc(ReadOnlySpan{float}, int, ReadOnlySpan{int})"/>; NaN where undefined).
/// </summary>
public sealed record ClassificationReport(
    int Classes,
    long[] Confusion,
    double[] Precision,
    double[] Recall,
    double[] F1,
    long[] Support,
    double Accuracy,
    (double Precision, double Recall, double F1) MacroAverage,
    (double Precision, double Recall, double F1) WeightedAverage,
    double LogLoss,
    double RocAuc)
{
    /// <param name="probabilities">Row-major <c>[rows, classes]</c> class probabilities; a row's class is its largest (first on ties).</param>
    /// <param name="classes">The number of classes, at least two.</param>
    /// <param name="actual">Each row's actual class in <c>[0, classes)</c>.</param>
    public static ClassificationReport Compute(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> actual)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        var predicted = new int[actual.Length];
        ClassificationMetrics.ArgMax(probabilities, classes, predicted);
        long[] confusion = ClassificationMetrics.ConfusionMatrix(predicted, actual, classes);
        double[] precision = new double[classes], recall = new double[classes], f1 = new double[classes];
        ClassificationMetrics.PerClass(confusion, classes, precision, recall, f1);
        var support = new long[classes];
        for (int a = 0; a < classes; a++)
        {
            for (int p = 0; p < classes; p++)
                support[a] += confusion[a * classes + p];
        }

        return new ClassificationReport(
            classes, confusion, precision, recall, f1, support,
            ClassificationMetrics.Accuracy(confusion, classes),
            ClassificationMetrics.MacroAverage(confusion, classes),
            ClassificationMetrics.WeightedAverage(confusion, classes),
            ClassificationMetrics.LogLoss(probabilities, classes, actual),
            ClassificationMetrics.RocAuc(probabilities, classes, actual));
    }
}
