using System.ComponentModel;
using System.Text.Json;
using TrainingService.Core.Tuning;

namespace TrainingService.Api.Tuning;

/// <param name="ModelId">The best trial's model, now pinned to <paramref name="TrainingJobId"/>: call
/// <c>POST /api/models/{modelId}/predictions</c> (the address is <paramref name="PredictionsUrl"/>).</param>
/// <param name="TrainingJobId">The training job now serving: the best trial's, or with cross-validation the final job
/// trained on every row.</param>
/// <param name="BaseModelId">The model the search started from, when given by id; it is not changed (its definition
/// is not the trial's).</param>
[Description("The best trial, promoted: the model to predict with and the training job now serving it.")]
public sealed record TuningPromotionResponse(
    Guid TuningJobId,
    int TrialIndex,
    Guid ModelId,
    Guid TrainingJobId,
    double? Objective,
    double? ObjectiveStd,
    IReadOnlyDictionary<string, JsonElement> Parameters,
    Guid? BaseModelId,
    string PredictionsUrl)
{
    public static TuningPromotionResponse From(PromoteTuningJobOutcome.Promoted promoted) =>
        new(promoted.Job.Id, promoted.Best.TrialIndex, promoted.ModelId, promoted.TrainingJobId, promoted.Best.Objective, promoted.Best.ObjectiveStd,
            promoted.Best.Parameters, promoted.Job.BaseModelId, $"/api/models/{promoted.ModelId}/predictions");
}
