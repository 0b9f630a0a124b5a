using TrainingService.Engine.Metrics;

namespace TrainingService.Core.Training;

/// <summary>
/// Metrics as clients see them: macro-averaged precision, recall and F1 under their plain names
/// (<c>precision</c>, <c>recall</c>, <c>f1</c>), and regression errors in the target's own units
/// (targets are trained standardized; r² is scale-free).
/// </summary>
public static class ClientMetrics
{
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string F1 = "f1";
    public const string LogLoss = "logLoss";

    public static Dictionary<string, double>? From(IReadOnlyDictionary<string, double>? engineMetrics, double targetScale)
    {
        if (engineMetrics is null)
            return null;
        return engineMetrics.ToDictionary(m => Rename(m.Key), m => m.Key switch
        {
            MetricNames.Rmse or MetricNames.Mae => m.Value * targetScale,
            MetricNames.Mse => m.Value * targetScale * targetScale,
            _ => m.Value,
        });
    }

    private static string Rename(string engineName) => engineName switch
    {
        MetricNames.MacroPrecision => Precision,
        MetricNames.MacroRecall => Recall,
        MetricNames.MacroF1 => F1,
        _ => engineName,
    };
}
