using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;

namespace TrainingService.Core.Models;

/// <summary>
/// Pins the training job a model predicts with by default, unpins it, and keeps the history of both. Changes to one
/// model's pin are serialized by a lock on its row, so the history's order is the pin's; the pinned job itself is
/// protected by the foreign key from <see cref="Model.ProductionTrainingJobId"/>.
/// </summary>
public sealed class ProductionPinService(TrainingServiceDbContext db, TimeProvider clock)
{
    /// <summary>At most this many history entries are returned, newest first.</summary>
    public const int HistoryLimit = 200;

    private const string Field = "trainingJobId";

    /// <param name="request">Null when the body was empty or a JSON null.</param>
    public async Task<PinProductionOutcome> PinAsync(Guid modelId, PinProductionRequest? request, PinActor actor, CancellationToken ct)
    {
        // An unknown (or another tenant's) model is a 404 whatever the body says.
        if (request?.TrainingJobId is not { } jobId)
            return await db.Models.AnyAsync(m => m.Id == modelId, ct)
                ? Invalid("A training job id is required: the job of this model to predict with by default.")
                : new PinProductionOutcome.NotFound();
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(token => ChangeAsync(modelId, jobId, actor, token), ct);
        }
        catch (Exception e) when (ForeignKeyViolation.Is(e))
        {
            // The job was deleted between the check and the commit.
            db.ChangeTracker.Clear();
            return Invalid($"Training job {jobId} was deleted meanwhile.");
        }
    }

    public Task<PinProductionOutcome> UnpinAsync(Guid modelId, PinActor actor, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(token => ChangeAsync(modelId, null, actor, token), ct);

    /// <summary>The model's pin changes, newest first; null for an unknown model.</summary>
    public async Task<IReadOnlyList<ProductionPinChange>?> HistoryAsync(Guid modelId, CancellationToken ct)
    {
        if (!await db.Models.AnyAsync(m => m.Id == modelId, ct))
            return null;
        return await db.ProductionPinChanges.AsNoTracking().Where(c => c.ModelId == modelId)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(HistoryLimit).ToListAsync(ct);
    }

    /// <param name="jobId">The job to pin, or null to unpin.</param>
    private async Task<PinProductionOutcome> ChangeAsync(Guid modelId, Guid? jobId, PinActor actor, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var current = await db.Models
            .FromSql($"SELECT * FROM models WHERE id = {modelId} AND tenant_id = {db.TenantScope.RequiredTenantId} FOR UPDATE")
            .Select(m => new { m.ProductionTrainingJobId }).SingleOrDefaultAsync(ct);
        if (current is null)
            return new PinProductionOutcome.NotFound();
        if (jobId is { } pinned)
        {
            var job = await db.TrainingJobs.Where(j => j.Id == pinned && j.ModelId == modelId)
                .Select(j => new { j.Status, Trained = db.TrainedModels.Any(t => t.TrainingJobId == j.Id) }).SingleOrDefaultAsync(ct);
            if (job is null)
                return Invalid($"Model {modelId} has no training job {pinned}.");
            if (!job.Trained)
                return new PinProductionOutcome.NotTrained(pinned,
                    $"Training job {pinned} is {job.Status.ToString().ToLowerInvariant()} and has no trained model to predict with; pin a job that succeeded (or kept its best epoch).");
        }

        if (current.ProductionTrainingJobId != jobId)
        {
            await db.Models.Where(m => m.Id == modelId).ExecuteUpdateAsync(s => s.SetProperty(m => m.ProductionTrainingJobId, jobId), ct);
            db.ProductionPinChanges.Add(new ProductionPinChange
            {
                Id = Guid.CreateVersion7(),
                ModelId = modelId,
                Action = jobId is null ? ProductionPinActions.Unpin : ProductionPinActions.Pin,
                TrainingJobId = jobId ?? current.ProductionTrainingJobId,
                ActorKind = actor.Kind,
                ActorId = actor.Id,
                ActorName = actor.Name,
                At = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return new PinProductionOutcome.Changed(jobId);
    }

    private static PinProductionOutcome.Invalid Invalid(string message) => new(new() { [Field] = [message] });
}
