using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Models;
using TrainingService.Core.Training;

namespace TrainingService.Core.Tuning;

/// <summary>
/// Makes a tuning job's best trial the one predictions use: the production pin of the best trial's own model set to
/// its trained job (with cross-validation, the final job trained on every row), recorded in the pin's history like
/// any pin. The base model (<c>modelId</c>) is left alone: a pin holds a job of its own model only, and the trial's
/// definition may differ from the base's (ADR-018).
/// </summary>
public sealed class TuningPromotion(TrainingServiceDbContext db, ProductionPinService pins)
{
    public async Task<PromoteTuningJobOutcome> PromoteAsync(Guid id, PinActor actor, CancellationToken ct)
    {
        var job = await db.TuningJobs.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (job is null)
            return new PromoteTuningJobOutcome.NotFound();
        var best = TuningLeaderboard.Best(await TuningLeaderboard.LoadAsync(db, job, ct));
        if (best is null)
            return new PromoteTuningJobOutcome.NothingToPromote($"No trial of tuning job {id} has succeeded yet; promote once one has.");

        var (modelId, trainingJobId) = (best.ModelId, best.TrainingJobId);
        if (job.CrossValidation is not null)
        {
            // A fold saw part of the rows only; what serves is the best trial's model trained on all of them.
            var final = job.FinalTrainingJobId is { } finalId
                ? await db.TrainingJobs.AsNoTracking().Where(j => j.Id == finalId).Select(j => new { j.Id, j.ModelId, j.Status }).SingleOrDefaultAsync(ct)
                : null;
            if (final is not { Status: TrainingJobStatus.Succeeded })
                return new PromoteTuningJobOutcome.NothingToPromote(final is null
                    ? $"Tuning job {id} is cross-validated: its final model (the best trial trained on every row) starts once every trial has ended; promote then."
                    : $"The final training job {final.Id} (the best trial trained on every row) is {TrainingJobStatuses.Wire(final.Status)}; promote once it has succeeded.");
            (modelId, trainingJobId) = (final.ModelId, final.Id);
        }

        return await pins.PinAsync(modelId, new PinProductionRequest { TrainingJobId = trainingJobId }, actor, ct) switch
        {
            PinProductionOutcome.Changed => new PromoteTuningJobOutcome.Promoted(job, best, modelId, trainingJobId),
            // The trial's job or model was deleted, or its model not kept, between the leaderboard and the pin.
            PinProductionOutcome.NotTrained notTrained => new PromoteTuningJobOutcome.NothingToPromote(notTrained.Detail),
            _ => new PromoteTuningJobOutcome.NothingToPromote($"The best trial's model {modelId} or training job {trainingJobId} was deleted meanwhile."),
        };
    }
}
