using TrainingService.Core.Evaluation;

namespace TrainingService.Core.Predictions;

/// <summary>What a prediction request came to: stored, or refused for a reason the caller can act on.</summary>
public abstract record PredictionOutcome
{
    public sealed record Created(
        Prediction Prediction, IReadOnlyList<PredictedRow> Rows, IReadOnlyDictionary<string, double>? Metrics, ModelEvaluation? Evaluation) : PredictionOutcome;

    /// <summary>An asynchronous prediction, stored queued and handed to a worker.</summary>
    public sealed record Queued(Prediction Prediction) : PredictionOutcome;

    public sealed record QuotaExceeded(Identity.QuotaExceeded Quota) : PredictionOutcome;

    /// <summary>No model has the id.</summary>
    public sealed record NotFound : PredictionOutcome;

    /// <summary>The model has no trained weights to predict with (yet).</summary>
    public sealed record NotTrained(string Detail) : PredictionOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : PredictionOutcome;
}
