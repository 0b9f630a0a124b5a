using TrainingService.Core.Evaluation;
using TrainingService.Core.Training;
using TrainingService.Engine.Metrics;

namespace TrainingService.Core.Predictions;

/// <summary>
/// The headline figures of a prediction's <see cref="ModelEvaluation"/> under the names clients already read:
/// accuracy, macro precision, recall and F1 and log loss, or MSE, RMSE, MAE and R².
/// </summary>
public static class PredictionMetrics
{
    public static IReadOnlyDictionary<string, double>? From(ModelEvaluation? evaluation) => evaluation switch
    {
        { Classification: { } c } => new Dictionary<string, double>
        {
            [MetricNames.Accuracy] = c.Accuracy,
            [ClientMetrics.Precision] = c.MacroAverage.Precision,
            [ClientMetrics.Recall] = c.MacroAverage.Recall,
            [ClientMetrics.F1] = c.MacroAverage.F1,
            [ClientMetrics.LogLoss] = c.LogLoss,
        },
        { Regression: { } r } => new Dictionary<string, double>
        {
            [MetricNames.Mse] = r.Rmse * r.Rmse,
            [MetricNames.Rmse] = r.Rmse,
            [MetricNames.Mae] = r.Mae,
            [MetricNames.R2] = r.R2,
        },
        _ => null,
    };
}
