using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Api.Tuning;

/// <summary>
/// The <c>trial</c> event (with id): a trial's status change, as its own stream's <c>status</c> event says it; once the
/// trial ended, with its stop reason (<c>pruned</c> included) and best objective. <c>trialIndex</c> null: the final job
/// of a cross-validated search (the best trial on every row).
/// </summary>
public sealed record TrialStatusEvent(
    Guid TuningJobId, Guid TrainingJobId, int? TrialIndex, int? Fold, TrainingJobStatus Status, DateTimeOffset At, string Reason, string? Worker, int? Attempt,
    string? StopReason, double? Objective)
{
    public static TrialStatusEvent From(Guid tuningJobId, TrialEvent e, StatusTransition t) =>
        new(tuningJobId, e.TrainingJobId, e.TrialIndex, e.Fold, t.Status, t.At, t.Reason, t.Worker, t.Attempt, e.StopReason, e.Objective);
}
