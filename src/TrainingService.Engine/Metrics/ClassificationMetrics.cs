using System.Numerics.Tensors;

namespace TrainingService.Engine.Metrics;

/// <summary>
/// Classification metrics over spans. Labels are class indices in <c>[0, classes)</c>; score and
/// target matrices are row-major <c>[rows, classes]</c>. Confusion matrices are row-major
/// <c>[classes, classes]</c> with rows = actual class, columns = predicted class.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>Writes the index of each row's largest score (first on ties) to <paramref name="labels"/>.</summary>
    public static void ArgMax(ReadOnlySpan<float> scores, int classes, Span<int> labels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (scores.Length != labels.Length * classes)
            throw new ArgumentException($"Scores hold {scores.Length} values; {labels.Length} rows of {classes} classes need {labels.Length * classes}.", nameof(scores));
        for (int r = 0; r < labels.Length; r++)
            labels[r] = TensorPrimitives.IndexOfMax(scores.Slice(r * classes, classes));
    }

    /// <summary>Fraction of rows whose predicted label equals the actual one; NaN for no rows.</summary>
    public static double Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual)
    {
        CheckSameLength(predicted, actual);
        if (actual.Length == 0)
            return double.NaN;
        int correct = 0;
        for (int i = 0; i < actual.Length; i++)
            correct += predicted[i] == actual[i] ? 1 : 0;
        return (double)correct / actual.Length;
    }

    /// <summary>Adds the counts of (actual, predicted) pairs to <paramref name="matrix"/> (not cleared first).</summary>
    public static void AccumulateConfusion(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, int classes, Span<long> matrix)
    {
        CheckSameLength(predicted, actual);
        if (matrix.Length != classes * classes)
            throw new ArgumentException($"A confusion matrix of {classes} classes has {classes * classes} cells.", nameof(matrix));
        for (int i = 0; i < actual.Length; i++)
        {
            if ((uint)actual[i] >= (uint)classes || (uint)predicted[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(actual), $"Row {i}: labels must be in [0, {classes}).");
            matrix[actual[i] * classes + predicted[i]]++;
        }
    }

    /// <summary>A new confusion matrix of the given labels.</summary>
    public static long[] ConfusionMatrix(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, int classes)
    {
        var matrix = new long[classes * classes];
        AccumulateConfusion(predicted, actual, classes, matrix);
        return matrix;
    }

    /// <summary>Accuracy from a confusion matrix: trace / total.</summary>
    public static double Accuracy(ReadOnlySpan<long> confusion, int classes)
    {
        long total = 0, correct = 0;
        for (int a = 0; a < classes; a++)
        {
            for (int p = 0; p < classes; p++)
                total += confusion[a * classes + p];
            correct += confusion[a * classes + a];
        }
        return total == 0 ? double.NaN : (double)correct / total;
    }

    /// <summary>
    /// Per-class precision, recall and F1 from a confusion matrix. A ratio with a zero denominator is
    /// 0 (scikit-learn's <c>zero_division=0</c>).
    /// </summary>
    public static void PerClass(ReadOnlySpan<long> confusion, int classes, Span<double> precision, Span<double> recall, Span<double> f1)
    {
        if (confusion.Length != classes * classes || precision.Length != classes || recall.Length != classes || f1.Length != classes)
            throw new ArgumentException($"Expected a {classes}x{classes} matrix and outputs of {classes}.");
        for (int c = 0; c < classes; c++)
        {
            long tp = confusion[c * classes + c];
            long predictedC = 0, actualC = 0;
            for (int k = 0; k < classes; k++)
            {
                predictedC += confusion[k * classes + c];
                actualC += confusion[c * classes + k];
            }
            precision[c] = predictedC == 0 ? 0 : (double)tp / predictedC;
            recall[c] = actualC == 0 ? 0 : (double)tp / actualC;
            double sum = precision[c] + recall[c];
            f1[c] = sum == 0 ? 0 : 2 * precision[c] * recall[c] / sum;
        }
    }

    /// <summary>Unweighted means over classes of precision, recall and per-class F1 (scikit-learn's macro average).</summary>
    public static (double Precision, double Recall, double F1) MacroAverage(ReadOnlySpan<long> confusion, int classes)
    {
        Span<double> buffer = classes <= 256 ? stackalloc double[3 * classes] : new double[3 * classes];
        Span<double> p = buffer[..classes], r = buffer.Slice(classes, classes), f = buffer.Slice(2 * classes, classes);
        PerClass(confusion, classes, p, r, f);
        return (Mean(p), Mean(r), Mean(f));
    }

    /// <summary>
    /// Means over classes of precision, recall and per-class F1, each class weighted by its support (its actual rows;
    /// scikit-learn's weighted average). NaN for an empty matrix.
    /// </summary>
    public static (double Precision, double Recall, double F1) WeightedAverage(ReadOnlySpan<long> confusion, int classes)
    {
        Span<double> buffer = classes <= 256 ? stackalloc double[3 * classes] : new double[3 * classes];
        Span<double> p = buffer[..classes], r = buffer.Slice(classes, classes), f = buffer.Slice(2 * classes, classes);
        PerClass(confusion, classes, p, r, f);
        double precision = 0, recall = 0, f1 = 0;
        long total = 0;
        for (int c = 0; c < classes; c++)
        {
            long support = 0;
            for (int k = 0; k < classes; k++)
                support += confusion[c * classes + k];
            (precision, recall, f1, total) = (precision + support * p[c], recall + support * r[c], f1 + support * f[c], total + support);
        }

        return total == 0 ? (double.NaN, double.NaN, double.NaN) : (precision / total, recall / total, f1 / total);
    }

    /// <summary>
    /// Area under the ROC curve of <paramref name="scores"/> for rows whose <paramref name="actual"/> label is
    /// <paramref name="positiveClass"/> against all others: the probability that a random positive scores above a
    /// random negative, a tie counting one half (the Mann–Whitney U statistic over average ranks, which equals the
    /// trapezoidal area scikit-learn's <c>roc_auc_score</c> computes). NaN when either side has no rows.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<float> scores, ReadOnlySpan<int> actual, int positiveClass)
    {
        CheckSameLength(scores.Length, actual.Length);
        return RocAuc(scores, actual, positiveClass, new ulong[scores.Length], new ulong[scores.Length]);
    }

    private static double RocAuc(ReadOnlySpan<float> scores, ReadOnlySpan<int> actual, int positiveClass, Span<ulong> work, Span<ulong> temp)
    {
        double positiveRankSum = ScoreRanks.PositiveRankSum(scores, actual, positiveClass, work, temp, out long positives);
        long negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// ROC AUC of a classifier's probabilities <c>[rows, classes]</c>: for two classes, that of class 1's
    /// probability; for more, the unweighted mean of each class's one-vs-rest AUC (scikit-learn's
    /// <c>multi_class="ovr", average="macro"</c>) over the classes whose AUC is defined (present and not every row).
    /// NaN when none is.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> actual)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        CheckSameLength(probabilities.Length, actual.Length * classes);
        var column = new float[actual.Length];
        var (work, temp) = (new ulong[actual.Length], new ulong[actual.Length]);
        double sum = 0;
        int defined = 0;
        for (int c = classes == 2 ? 1 : 0; c < classes; c++)
        {
            for (int r = 0; r < actual.Length; r++)
                column[r] = probabilities[r * classes + c];
            double auc = RocAuc(column, actual, c, work, temp);
            if (!double.IsNaN(auc))
                (sum, defined) = (sum + auc, defined + 1);
        }

        return defined == 0 ? double.NaN : sum / defined;
    }

    /// <summary>
    /// Mean <c>−ln p</c> of each row's probability of its actual class, clipped to [1e-15, 1] like
    /// <see cref="LogLoss(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/>; NaN for no rows.
    /// </summary>
    public static double LogLoss(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> actual)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        CheckSameLength(probabilities.Length, actual.Length * classes);
        if (actual.Length == 0)
            return double.NaN;
        double sum = 0;
        for (int r = 0; r < actual.Length; r++)
            sum -= Math.Log(Math.Clamp(probabilities[r * classes + actual[r]], 1e-15, 1.0));
        return sum / actual.Length;
    }

    /// <summary>
    /// Mean categorical cross-entropy <c>−(1/n)·Σ t·ln p</c> of predicted probabilities against
    /// (one-hot or soft) targets, with probabilities clipped to [1e-15, 1] so a confident miss is finite.
    /// </summary>
    public static double LogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (probabilities.Length != targets.Length || probabilities.Length % classes != 0)
            throw new ArgumentException("Probabilities and targets must both be [rows, classes].");
        int rows = probabilities.Length / classes;
        if (rows == 0)
            return double.NaN;
        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (targets[i] != 0f)
                sum -= targets[i] * Math.Log(Math.Clamp(probabilities[i], 1e-15, 1.0));
        }
        return sum / rows;
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values)
            sum += v;
        return values.Length == 0 ? double.NaN : sum / values.Length;
    }

    private static void CheckSameLength(int scores, int expected)
    {
        if (scores != expected)
            throw new ArgumentException($"{scores} scores where the labels need {expected}.");
    }

    private static void CheckSameLength(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual)
    {
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"{predicted.Length} predictions for {actual.Length} labels.", nameof(predicted));
    }
}
