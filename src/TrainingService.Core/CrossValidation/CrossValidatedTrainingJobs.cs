using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Core.Hosting;
using TrainingService.Core.Identity;
using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Core.CrossValidation;

/// <summary>
/// <c>crossValidation</c> on POST /api/training-jobs, run by the tuning machinery (ADR-019): the job the user gets is
/// stored at once, queued but not handed to a worker, beside a tuning job of one point (no search space) that
/// cross-validates it. <see cref="TuningCoordinator"/> runs the k fold jobs as that tuning job's trial and, once they
/// ended, releases the waiting job as the tuning job's final job (<see cref="ReleaseAsync"/>): every row, the folds'
/// mean best epoch count. If no final model can follow (a fold failed or was cancelled) the waiting job fails
/// (<see cref="FailWaitingAsync"/>). Crash safety, quotas and fairness are the coordinator's.
/// </summary>
public sealed class CrossValidatedTrainingJobs(
    TrainingServiceDbContext db, TrainingJobService trainingJobs, TuningJobService tuningJobs, IBackgroundJobClient hangfire,
    IOptions<TuningOptions> tuningLimits, IOptions<QuotaOptions> quotas)
{
    /// <summary>
    /// Checks the request as a fold job (its plan is a fold's share of the rows) and as the final job, stores the waiting
    /// job and its tuning job in one transaction and queues the tuning job's first step.
    /// </summary>
    public async Task<CreateTrainingJobOutcome> CreateAsync(TrainingJobRequest request, CancellationToken ct)
    {
        var cv = request.CrossValidation ?? throw new ArgumentException("The request asks for no cross-validation.", nameof(request));
        var foldCheck = await trainingJobs.CheckAsync(FoldRequest(request), ct);
        if (foldCheck is not CreateTrainingJobOutcome.Planned)
            return foldCheck;
        // The waiting job holds one of the tenant's active-job slots while its folds need another.
        if (quotas.Value.MaxActiveJobs < 2)
            return new CreateTrainingJobOutcome.Invalid(new() { ["crossValidation"] =
                [$"Cross-validation needs two active-job slots (this job and a fold at a time); your tenant has {quotas.Value.MaxActiveJobs}."] });
        var finalCheck = await trainingJobs.CheckAsync(FinalModel.Request(request, null), ct);
        if (finalCheck is not CreateTrainingJobOutcome.Planned final)
            return finalCheck;

        var model = await db.Models.AsNoTracking().Where(m => m.Id == final.ModelId).Select(m => new { m.Name, m.Definition }).SingleAsync(ct);
        var job = trainingJobs.NewJob(final);
        var tuning = new TuningJob
        {
            Id = Guid.CreateVersion7(),
            Name = model.Name,
            BaseModelId = final.ModelId,
            BaseDefinition = model.Definition,
            Training = request with { ModelId = null },
            DatasetId = final.Dataset.Id,
            // H2O's rule: each fold's best epoch is its lowest validation loss (what early stopping watches by default).
            Objective = new TuningObjective { Metric = "validationLoss", Goal = TuningMetric.Minimize },
            Strategy = TrialSampler.Random,
            SearchSpace = new Dictionary<string, SearchDimension>(),
            Pruning = new TuningPruning { Enabled = false },
            CrossValidation = cv,
            CrossValidatedJobId = job.Id,
            MaxParallel = Math.Min(cv.Folds, tuningLimits.Value.MaxParallel),
            Seed = final.Parameters.Seed,
            TotalTrials = 1,
            Status = TrainingJobStatus.Queued,
            CreatedAt = job.CreatedAt,
        };
        db.TrainingJobs.Add(job);
        db.TuningJobs.Add(tuning);
        try
        {
            await db.InTransactionAsync(async token =>
            {
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, token);
                await trainingJobs.AppendQueuedAsync(job, $"queued; trains on every row once its {cv.Folds} cross-validation folds (tuning job {tuning.Id}) have ended", token);
                return true;
            }, ct);
        }
        catch (DbUpdateException e) when (TrainingJobService.DeletedMeanwhileOutcome(e) is { } refused)
        {
            db.ChangeTracker.Clear();
            return refused;
        }

        db.ChangeTracker.AcceptAllChanges();
        // A crash between the commit and this enqueue is caught up by the coordinator's sweep within a minute.
        hangfire.Create<TuningCoordinator>(c => c.StepAsync(tuning.Id, CancellationToken.None), new EnqueuedState(Queues.Default));
        return new CreateTrainingJobOutcome.Queued(job);
    }

    /// <summary>The request as one fold job sees it: a fold's share of the rows validates (the fold itself replaces the split).</summary>
    public static TrainingJobRequest FoldRequest(TrainingJobRequest request) =>
        request.CrossValidation is { Folds: >= 2 and <= CrossValidationRequest.MaxFolds } cv ? request with { ValidationSplit = 1.0 / cv.Folds } : request;

    /// <summary>
    /// Cancels the folds of a cross-validated job (after the job itself was cancelled): the tuning job ends, so no
    /// step starts a fold or releases the job afterwards. Nothing for a job without cross-validation.
    /// </summary>
    public async Task CancelFoldsAsync(Guid jobId, CancellationToken ct)
    {
        var tuningId = await db.TuningJobs.Where(t => t.CrossValidatedJobId == jobId && TrainingJobStatuses.InProgress.Contains(t.Status))
            .Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct);
        if (tuningId is { } id)
            await tuningJobs.CancelAsync(id, ct);
    }

    /// <summary>
    /// In the coordinator's step (under its row lock, in its transaction), once every fold ended and a final model can
    /// follow: links the waiting job to its tuning job, so from here it is that job's final job like any other, and sets
    /// its epochs. Null when the job no longer waits (cancelled meanwhile); the step queues the job it returns.
    /// </summary>
    public static async Task<TrainingJob?> ReleaseAsync(TrainingServiceDbContext db, TuningJob tuning, int epochs, DateTimeOffset now, CancellationToken ct)
    {
        var job = await db.TrainingJobs.SingleOrDefaultAsync(j => j.Id == tuning.CrossValidatedJobId && j.Status == TrainingJobStatus.Queued && j.TuningJobId == null, ct);
        if (job is null)
            return null;
        job.TuningJobId = tuning.Id;
        job.Epochs = job.StartEpoch + epochs;
        job.Parameters = job.Parameters with { Epochs = epochs };
        await db.SaveChangesAsync(ct);
        await TrainingJobEventLog.AppendStatusAsync(db, job.Id, new(TrainingJobStatus.Queued,
            $"its {tuning.CrossValidation?.Folds} cross-validation folds ended; queued to train on every row for {epochs} epochs (their mean best epoch)", null, null), now, ct);
        return job;
    }

    /// <summary>In the coordinator's last step when no final model follows: the waiting job fails with the tuning job's error.</summary>
    public static async Task FailWaitingAsync(TrainingServiceDbContext db, TuningJob tuning, DateTimeOffset now, CancellationToken ct)
    {
        string error = $"Cross-validation (tuning job {tuning.Id}) ended without every fold succeeding, so no final model was trained: {tuning.Error}";
        if (await db.TrainingJobs.Where(j => j.Id == tuning.CrossValidatedJobId && j.Status == TrainingJobStatus.Queued && j.TuningJobId == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, TrainingJobStatus.Failed)
                    .SetProperty(j => j.StopReason, StopReasons.Failed)
                    .SetProperty(j => j.Error, error)
                    .SetProperty(j => j.FinishedAt, now), ct) == 1)
            await TrainingJobEventLog.AppendStatusAsync(db, tuning.CrossValidatedJobId!.Value, new(TrainingJobStatus.Failed, "cross-validation ended without a final model", null, null), now, ct);
    }
}
