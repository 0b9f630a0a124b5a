using TrainingService.Core.Training;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Engine.Metrics;

namespace TrainingService.Core.Predictions;

/// <summary>How well predictions match the target where the input carried it: accuracy, macro F1 and log loss, or RMSE, MAE and R².</summary>
public static class PredictionMetrics
{
    /// <param name="actual">Per row: the class index or the target value; null where the row had no target.</param>
    public static IReadOnlyDictionary<string, double>? Compute(TargetEncoding target, IReadOnlyList<PredictedRow> predicted, IReadOnlyList<double?> actual)
    {
        int[] rows = Enumerable.Range(0, predicted.Count).Where(i => actual[i] is not null).ToArray();
        if (rows.Length == 0)
            return null;
        return target.IsClassification ? Classification(target, predicted, actual, rows) : Regression(predicted, actual, rows);
    }

    private static Dictionary<string, double> Classification(TargetEncoding target, IReadOnlyList<PredictedRow> predicted, IReadOnlyList<double?> actual, int[] rows)
    {
        int classes = target.Labels.Length;
        int[] predictedClass = rows.Select(r => OutputDecoder.ClassIndex(target, predicted[r])).ToArray();
        int[] actualClass = rows.Select(r => (int)actual[r]!.Value).ToArray();
        long[] confusion = ClassificationMetrics.ConfusionMatrix(predictedClass, actualClass, classes);
        var probabilities = new float[rows.Length * classes];
        var oneHot = new float[rows.Length * classes];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int c = 0; c < classes; c++)
                probabilities[i * classes + c] = (float)predicted[rows[i]].Probabilities![target.Labels[c]];
            oneHot[i * classes + actualClass[i]] = 1f;
        }

        var macro = ClassificationMetrics.MacroAverage(confusion, classes);
        return new Dictionary<string, double>
        {
            [MetricNames.Accuracy] = ClassificationMetrics.Accuracy(confusion, classes),
            [ClientMetrics.Precision] = macro.Precision,
            [ClientMetrics.Recall] = macro.Recall,
            [ClientMetrics.F1] = macro.F1,
            [ClientMetrics.LogLoss] = ClassificationMetrics.LogLoss(probabilities, oneHot, classes),
        };
    }

    private static Dictionary<string, double> Regression(IReadOnlyList<PredictedRow> predicted, IReadOnlyList<double?> actual, int[] rows)
    {
        float[] p = rows.Select(r => (float)predicted[r].Value!.Value).ToArray();
        float[] a = rows.Select(r => (float)actual[r]!.Value).ToArray();
        return new Dictionary<string, double>
        {
            [MetricNames.Mse] = RegressionMetrics.Mse(p, a),
            [MetricNames.Rmse] = RegressionMetrics.Rmse(p, a),
            [MetricNames.Mae] = RegressionMetrics.Mae(p, a),
            [MetricNames.R2] = RegressionMetrics.R2(p, a),
        };
    }
}
