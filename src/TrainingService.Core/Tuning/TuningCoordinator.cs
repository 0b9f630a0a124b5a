using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrainingService.Core.CrossValidation;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Core.Hosting;
using TrainingService.Core.Identity;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Tuning;

/// <summary>
/// The Hangfire job that moves a tuning job on: queued when the tuning job is created and, as a continuation, when
/// each trial's runner finishes, whatever the trial's outcome. One step, under a row lock on the tuning job and in one
/// transaction, tops the trials up to <see cref="TuningJob.MaxParallel"/> queued or running, and ends the tuning job
/// once every trial has ended. Trial k is created once: the index moves in the same transaction as the trial row, and
/// (tuning_job_id, trial_index) is unique. Fairness: a tuning job never has more than maxParallel trials in the
/// training queue, and its next trial joins the back of the queue when one ends, so other tenants' jobs interleave.
/// </summary>
[Queue(Queues.Default)]
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [2, 10, 30, 60, 120])]
public sealed class TuningCoordinator(IServiceScopeFactory scopes, IBackgroundJobClient hangfire, TimeProvider clock, ILogger<TuningCoordinator> logger)
{
    /// <summary>The recurring job that runs <see cref="SweepAsync"/> (registered by <see cref="TuningSweepRegistration"/>).</summary>
    public const string SweepJobId = "tuning-sweep";

    /// <summary>How long a trial may wait for its Hangfire job before the sweep takes it for one a crash lost.</summary>
    public static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The safety net behind the continuations, every minute: a crash can lose a step (after a tuning job is stored,
    /// before its first step is queued) or a trial's hand-off to Hangfire (after the step commits, before it queues
    /// the trial). For every tuning job in progress, of any tenant, this queues its trials that have waited
    /// <see cref="OrphanAge"/> without a Hangfire job, then runs a step, which is idempotent.
    /// </summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task SweepAsync(CancellationToken ct)
    {
        List<Guid> inProgress;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
            inProgress = await db.TuningJobs.IgnoreQueryFilters().Where(t => TrainingJobStatuses.InProgress.Contains(t.Status)).Select(t => t.Id).ToListAsync(ct);
            var before = clock.GetUtcNow() - OrphanAge;
            // A cross-validated job released as its tuning job's final job keeps its old creation time; its release
            // event says when it became a trial, so one being handed to Hangfire right now is no orphan.
            var orphans = await db.TrainingJobs.IgnoreQueryFilters()
                .Where(j => j.TuningJobId != null && inProgress.Contains(j.TuningJobId.Value) && j.Status == TrainingJobStatus.Queued && j.HangfireJobId == null && j.CreatedAt < before
                    && !db.TrainingJobEvents.IgnoreQueryFilters().Any(e => e.JobId == j.Id && e.At >= before))
                .Select(j => new { j.Id, TuningJobId = j.TuningJobId!.Value }).ToListAsync(ct);
            foreach (var orphan in orphans)
            {
                logger.LogWarning("Tuning job {TuningJobId}: trial {TrainingJobId} had no Hangfire job; queueing it", orphan.TuningJobId, orphan.Id);
                await QueueTrialAsync(db, scope.ServiceProvider.GetRequiredService<TrainingJobService>(), orphan.TuningJobId, orphan.Id, ct);
            }
        }

        foreach (var id in inProgress)
            await StepAsync(id, ct);
    }

    public async Task StepAsync(Guid tuningJobId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        var tenantId = await db.TuningJobs.IgnoreQueryFilters().Where(t => t.Id == tuningJobId).Select(t => (Guid?)t.TenantId).SingleOrDefaultAsync(ct);
        if (tenantId is null)
            return;
        db.TenantScope.Enter(tenantId.Value);
        var trainingJobs = scope.ServiceProvider.GetRequiredService<TrainingJobService>();
        var quotas = scope.ServiceProvider.GetRequiredService<TenantQuotas>();

        var created = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM tuning_jobs WHERE id = {tuningJobId} AND tenant_id = {tenantId} FOR UPDATE", token);
            var tuning = await db.TuningJobs.SingleAsync(t => t.Id == tuningJobId, token);
            var trials = await db.TrainingJobs.Where(j => j.TuningJobId == tuningJobId).Select(j => new { j.Id, j.Status }).ToListAsync(token);
            int active = trials.Count(t => TrainingJobStatuses.InProgress.Contains(t.Status));
            var jobs = new List<TrainingJob>();
            if (!TrainingJobStatuses.InProgress.Contains(tuning.Status))
                return jobs;
            var statusBefore = tuning.Status;

            while (active < tuning.MaxParallel && tuning.TrialsCreated < tuning.TotalJobs)
            {
                // The tenant's job quota counts trials too; a full quota waits for the next trial's end (or step).
                if (await quotas.CheckNewJobAsync(token) is not null)
                    break;
                if (await CreateTrialAsync(db, trainingJobs, tuning, tuning.TrialsCreated, token) is { } job)
                {
                    jobs.Add(job);
                    active++;
                }

                tuning.TrialsCreated++;
            }

            var now = clock.GetUtcNow();
            if (active == 0 && tuning.TrialsCreated >= tuning.TotalJobs)
            {
                // With cross-validation the trials end in one more job: the best trial's model trained on every row.
                var final = tuning.CrossValidation is null || tuning.FinalTrainingJobId is not null ? null : await CreateFinalAsync(db, trainingJobs, tuning, now, token);
                if (final is not null)
                {
                    jobs.Add(final);
                    tuning.FinalTrainingJobId = final.Id;
                }
                else
                {
                    bool succeeded = tuning.FinalTrainingJobId is { } finalId
                        ? trials.Any(t => t.Id == finalId && t.Status == TrainingJobStatus.Succeeded)
                        : tuning.CrossValidation is null && trials.Any(t => t.Status == TrainingJobStatus.Succeeded);
                    tuning.Status = succeeded ? TrainingJobStatus.Succeeded : TrainingJobStatus.Failed;
                    tuning.Error = succeeded ? null : tuning.FinalTrainingJobId is { } id
                        ? $"The final training job {id} (the best trial's model on every row) did not succeed; see its error."
                        : "No trial succeeded; see the trials' errors (GET /api/tuning-jobs/{id}/trials) and refusedTrials.";
                    tuning.FinishedAt = now;
                    if (tuning.CrossValidatedJobId is not null && tuning.FinalTrainingJobId is null)
                        await CrossValidatedTrainingJobs.FailWaitingAsync(db, tuning, now, token);
                }
            }
            else if (tuning.Status == TrainingJobStatus.Queued)
            {
                tuning.Status = TrainingJobStatus.Running;
                tuning.StartedAt = now;
            }

            // Wakes the tuning job's event streams (they hear its trials' own events by the trials' ids).
            if (jobs.Count > 0 || tuning.Status != statusBefore)
                await TrainingJobEventLog.NotifyAsync(db, tuningJobId, token);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return jobs;
        }, ct);

        // After the commit, so a worker never fetches a trial it cannot load yet. A crash right here leaves these
        // trials queued without a Hangfire job: SweepAsync queues them once they are OrphanAge old.
        foreach (var job in created)
        {
            await QueueTrialAsync(db, trainingJobs, tuningJobId, job.Id, ct);
            logger.LogInformation("Tuning job {TuningJobId}: trial {TrialIndex} (fold {Fold}) queued as training job {TrainingJobId}", tuningJobId, job.TrialIndex, job.TrialFold, job.Id);
        }
    }

    /// <summary>Hands a stored trial to Hangfire, with this coordinator's step as the continuation of its run.</summary>
    private async Task QueueTrialAsync(TrainingServiceDbContext db, TrainingJobService trainingJobs, Guid tuningJobId, Guid trialId, CancellationToken ct)
    {
        string hangfireId = trainingJobs.Enqueue(trialId);
        hangfire.ContinueJobWith<TuningCoordinator>(hangfireId, c => c.StepAsync(tuningJobId, CancellationToken.None),
            new EnqueuedState(Queues.Default), JobContinuationOptions.OnAnyFinishedState);
        await db.TrainingJobs.IgnoreQueryFilters().Where(j => j.Id == trialId && j.HangfireJobId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.HangfireJobId, hangfireId), ct);
    }

    /// <summary>
    /// Job <paramref name="index"/>: trial i = index / k, fold f = index % k (k = 1 without cross-validation). A trial
    /// gets its own model row (its exact definition, so its model's latest trained job is that trial's, never
    /// another's), shared by its folds, and one training job per fold, all in the step's transaction; null when the
    /// trial's settings are refused, which <see cref="TuningJob.RefusedTrials"/> records.
    /// </summary>
    private async Task<TrainingJob?> CreateTrialAsync(
        TrainingServiceDbContext db, TrainingJobService trainingJobs, TuningJob tuning, int index, CancellationToken ct)
    {
        var cv = tuning.CrossValidation;
        int trial = cv is null ? index : index / cv.Folds;
        int? fold = cv is null ? null : index % cv.Folds;
        var parameters = TrialSampler.Sample(tuning.Strategy, tuning.Seed, tuning.SearchSpace, trial);
        var errors = new ValidationErrors();
        var (definition, training) = TrialSettings.Apply(tuning.BaseDefinition, tuning.Training with { Seed = tuning.Seed }, parameters, errors);
        if (definition is null || training is null)
            return fold > 0 ? null : Refuse(tuning, trial, parameters, errors.ToDictionary());

        var modelId = fold > 0
            ? await db.TrainingJobs.Where(j => j.TuningJobId == tuning.Id && j.TrialIndex == trial && j.TrialFold == 0).Select(j => (Guid?)j.ModelId).SingleOrDefaultAsync(ct)
            : null;
        if (fold > 0 && modelId is null)
            return null;
        Model? model = null;
        if (modelId is null)
        {
            model = new Model { Id = Guid.CreateVersion7(), Name = TrialName(tuning.Name, trial), Definition = definition, CreatedAt = clock.GetUtcNow() };
            db.Models.Add(model);
            await db.SaveChangesAsync(ct);
        }

        // A fold job's plan is sized for its fold's share of the rows; the fold itself replaces the split.
        var request = training with { ModelId = modelId ?? model!.Id, ValidationSplit = cv is null ? training.ValidationSplit : 1.0 / cv.Folds };
        switch (await trainingJobs.CheckAsync(request, ct))
        {
            case CreateTrainingJobOutcome.Planned planned:
                if (cv is not null)
                    planned = planned with { Parameters = planned.Parameters with { Fold = new CrossValidationFold(cv.Folds, fold!.Value, cv.Stratified) } };
                var job = trainingJobs.NewJob(planned);
                job.TuningJobId = tuning.Id;
                job.TrialIndex = trial;
                job.TrialFold = fold;
                job.TrialParameters = parameters;
                db.TrainingJobs.Add(job);
                await db.SaveChangesAsync(ct);
                await trainingJobs.AppendQueuedAsync(job, fold is null ? $"queued as trial {trial} of tuning job {tuning.Id}" : $"queued as trial {trial}, fold {fold}, of tuning job {tuning.Id}", ct);
                return job;
            case CreateTrainingJobOutcome.Invalid invalid:
                if (model is not null)
                    db.Models.Remove(model);
                return Refuse(tuning, trial, parameters, invalid.Errors);
            default:
                if (model is not null)
                    db.Models.Remove(model);
                return Refuse(tuning, trial, parameters, new() { ["$"] = ["The tenant's job quota was reached."] });
        }
    }

    /// <summary>
    /// After cross-validated trials: the best trial's model (with its training settings) trained on every row, for
    /// the mean over its folds of the epoch each reached its best objective (H2O's rule), with no validation split
    /// and no early stopping. Linked to the tuning job without a trial index; null when no trial succeeded.
    /// </summary>
    private static async Task<TrainingJob?> CreateFinalAsync(TrainingServiceDbContext db, TrainingJobService trainingJobs, TuningJob tuning, DateTimeOffset now, CancellationToken ct)
    {
        var best = TuningLeaderboard.Best(await TuningLeaderboard.LoadAsync(db, tuning, ct));
        if (best?.Folds is not { Count: > 0 } folds)
            return null;
        int epochs = FinalModel.Epochs(folds);
        // A cross-validated training job is its own final job, stored when it was submitted and waiting since.
        if (tuning.CrossValidatedJobId is not null)
            return await CrossValidatedTrainingJobs.ReleaseAsync(db, tuning, epochs, now, ct);
        var (_, training) = TrialSettings.Apply(tuning.BaseDefinition, tuning.Training with { Seed = tuning.Seed }, best.Parameters, new ValidationErrors());
        var request = FinalModel.Request(training!, epochs) with { ModelId = best.ModelId };
        if (await trainingJobs.CheckAsync(request, ct) is not CreateTrainingJobOutcome.Planned planned)
            return null;
        var job = trainingJobs.NewJob(planned);
        job.TuningJobId = tuning.Id;
        db.TrainingJobs.Add(job);
        await db.SaveChangesAsync(ct);
        await trainingJobs.AppendQueuedAsync(job, $"queued as the final model of tuning job {tuning.Id}", ct);
        return job;
    }

    private TrainingJob? Refuse(TuningJob tuning, int index, IReadOnlyDictionary<string, JsonElement> parameters, Dictionary<string, string[]> errors)
    {
        logger.LogWarning("Tuning job {TuningJobId}: trial {TrialIndex} refused: {Errors}", tuning.Id, index, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")));
        tuning.RefusedTrials = [.. tuning.RefusedTrials, new RefusedTrial(index, parameters, errors)];
        return null;
    }

    private static string TrialName(string name, int index)
    {
        string suffix = $" (trial {index})";
        return (name.Length + suffix.Length > ModelDefinitionLimits.NameMaxLength ? name[..(ModelDefinitionLimits.NameMaxLength - suffix.Length)] : name) + suffix;
    }
}
