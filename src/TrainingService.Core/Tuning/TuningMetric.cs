using TrainingService.Core.Models;
using TrainingService.Core.Training;

namespace TrainingService.Core.Tuning;

/// <summary>
/// An objective name split into where its values are stored per epoch: <c>validationLoss</c> and <c>trainLoss</c> are
/// the history's loss columns; <c>validationAccuracy</c>, <c>trainRmse</c>, ... are keys of its metric objects.
/// </summary>
internal sealed record TuningMetric(bool Validation, string Key)
{
    public const string Loss = "loss";
    public const string Minimize = "minimize";
    public const string Maximize = "maximize";

    private static readonly string[] ClassificationKeys = ["accuracy", ClientMetrics.Precision, ClientMetrics.Recall, ClientMetrics.F1];
    private static readonly string[] RegressionKeys = ["mse", "rmse", "mae", "r2"];

    public static string Allowed(ModelTask task) => string.Join(", ",
        new[] { "validation", "train" }.SelectMany(side => new[] { Loss }.Concat(task == ModelTask.Classification ? ClassificationKeys : RegressionKeys)
            .Select(key => side + char.ToUpperInvariant(key[0]) + key[1..])));

    /// <summary>The metric named <paramref name="name"/> if <paramref name="task"/>'s epochs record it, else null.</summary>
    public static TuningMetric? Parse(string name, ModelTask task)
    {
        bool validation = name.StartsWith("validation", StringComparison.Ordinal);
        if (!validation && !name.StartsWith("train", StringComparison.Ordinal))
            return null;
        string rest = name[(validation ? "validation".Length : "train".Length)..];
        if (rest.Length == 0)
            return null;
        string key = char.ToLowerInvariant(rest[0]) + rest[1..];
        bool known = key == Loss || (task == ModelTask.Classification ? ClassificationKeys : RegressionKeys).Contains(key);
        return known ? new TuningMetric(validation, key) : null;
    }

    /// <summary>Losses and errors are minimized, scores (accuracy, f1, r2, ...) maximized.</summary>
    public string DefaultGoal => Key is Loss or "mse" or "rmse" or "mae" ? Minimize : Maximize;
}
