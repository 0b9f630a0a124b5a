using TrainingService.Core.Training.Preprocessing;
using TrainingService.Engine;
using TrainingService.Engine.Metrics;
using TrainingService.Engine.Training;

namespace TrainingService.Core.Evaluation;

/// <summary>
/// Scores a network's raw outputs against actual targets, the one way for a finished training job and for a
/// prediction that carried the target. Classification reads the outputs as probabilities (one sigmoid unit is
/// class 1's); regression maps them back to the target's units first.
/// </summary>
public static class ModelEvaluator
{
    /// <summary>
    /// Runs <paramref name="network"/> (the weights the job stores) over the job's validation rows, or its training
    /// rows when it has none, and scores it.
    /// </summary>
    public static ModelEvaluation Evaluate(Network network, TargetEncoding target, TrainingData train, TrainingData? validation)
    {
        var (data, source) = validation is null ? (train, EvaluationSource.Train) : (validation, EvaluationSource.Validation);
        int width = target.OutputWidth;
        var outputs = new float[data.Rows * width];
        network.Predict(data.Features, data.Rows, outputs);
        if (!target.IsClassification)
        {
            // Targets were trained standardized; both sides go back to the target's units.
            var actual = new float[data.Rows];
            for (int r = 0; r < actual.Length; r++)
                actual[r] = (float)target.Decode(data.Targets[r]);
            return Regression(target, source, outputs, actual);
        }

        // Training targets are 0/1 for one sigmoid unit, one-hot rows otherwise.
        var classes = new int[data.Rows];
        if (width == 1)
        {
            for (int r = 0; r < classes.Length; r++)
                classes[r] = data.Targets[r] >= 0.5f ? 1 : 0;
        }
        else
        {
            ClassificationMetrics.ArgMax(data.Targets, width, classes);
        }

        return Classification(target, source, outputs, classes);
    }

    /// <summary>
    /// Scores the rows of a prediction whose <paramref name="actual"/> target (class index or value) is known;
    /// null when no row carried it.
    /// </summary>
    /// <param name="outputs">The network's outputs of every row, <c>[rows, OutputWidth]</c>.</param>
    public static ModelEvaluation? Evaluate(TargetEncoding target, ReadOnlySpan<float> outputs, IReadOnlyList<double?> actual)
    {
        int[] rows = Enumerable.Range(0, actual.Count).Where(r => actual[r] is not null).ToArray();
        if (rows.Length == 0)
            return null;
        int width = target.OutputWidth;
        var scored = new float[rows.Length * width];
        for (int i = 0; i < rows.Length; i++)
            outputs.Slice(rows[i] * width, width).CopyTo(scored.AsSpan(i * width, width));
        return target.IsClassification
            ? Classification(target, EvaluationSource.Input, scored, rows.Select(r => (int)actual[r]!.Value).ToArray())
            : Regression(target, EvaluationSource.Input, scored, rows.Select(r => (float)actual[r]!.Value).ToArray());
    }

    private static ModelEvaluation Classification(TargetEncoding target, EvaluationSource source, float[] outputs, int[] actual)
    {
        int classes = target.Labels.Length;
        float[] probabilities = outputs;
        if (target.OutputWidth == 1)
        {
            probabilities = new float[actual.Length * 2];
            for (int r = 0; r < actual.Length; r++)
                (probabilities[2 * r], probabilities[2 * r + 1]) = (1f - outputs[r], outputs[r]);
        }

        var report = ClassificationReport.Compute(probabilities, classes, actual);
        var matrix = new IReadOnlyList<long>[classes];
        for (int a = 0; a < classes; a++)
            matrix[a] = report.Confusion.AsSpan(a * classes, classes).ToArray();
        var perClass = new ClassEvaluation[classes];
        for (int c = 0; c < classes; c++)
            perClass[c] = new ClassEvaluation(target.Labels[c], report.Precision[c], report.Recall[c], report.F1[c], report.Support[c]);
        var evaluation = new ClassificationEvaluation(
            target.Labels, matrix, perClass, report.Accuracy,
            new AveragedScores(report.MacroAverage.Precision, report.MacroAverage.Recall, report.MacroAverage.F1),
            new AveragedScores(report.WeightedAverage.Precision, report.WeightedAverage.Recall, report.WeightedAverage.F1),
            report.LogLoss, double.IsNaN(report.RocAuc) ? null : report.RocAuc);
        return new ModelEvaluation(source, actual.Length, evaluation, null);
    }

    /// <param name="outputs">Standardized network outputs, one per row.</param>
    /// <param name="actual">Targets in their own units.</param>
    private static ModelEvaluation Regression(TargetEncoding target, EvaluationSource source, float[] outputs, float[] actual)
    {
        var predicted = new float[outputs.Length];
        for (int r = 0; r < predicted.Length; r++)
            predicted[r] = (float)target.Decode(outputs[r]);
        var evaluation = new RegressionEvaluation(
            RegressionMetrics.Rmse(predicted, actual), RegressionMetrics.Mae(predicted, actual), RegressionMetrics.R2(predicted, actual),
            ResidualSummary.Compute(predicted, actual)!);
        return new ModelEvaluation(source, actual.Length, null, evaluation);
    }
}
