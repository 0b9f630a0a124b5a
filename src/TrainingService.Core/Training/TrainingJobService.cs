using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Events;
using TrainingService.Core.Hosting;
using TrainingService.Core.Identity;
using TrainingService.Core.Models;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Training;

/// <summary>
/// Checks job requests against their model and dataset(s) and against the size limits, stores accepted jobs as queued
/// (with their planned memory) and hands their ids to Hangfire; cancels jobs and deletes finished ones.
/// </summary>
public sealed class TrainingJobService(
    TrainingServiceDbContext db, DatasetStore datasets, IBackgroundJobClient hangfire, JobStorage hangfireStorage,
    IOptions<TrainingOptions> limits, TenantQuotas quotas, TimeProvider clock)
{
    /// <summary>Hangfire states in which a job may still be fetched (or, for failed, is kept until deleted by hand).</summary>
    private static readonly string[] PendingHangfireStates = [EnqueuedState.StateName, ScheduledState.StateName, AwaitingState.StateName, FailedState.StateName];

    private const string DeletedMeanwhile = "It was deleted while the job was being created.";

    /// <summary>Checks the request (<see cref="CheckAsync"/>) and, when it passes, stores the job and queues it.</summary>
    public async Task<CreateTrainingJobOutcome> CreateAsync(TrainingJobRequest request, CancellationToken ct)
    {
        var outcome = await CheckAsync(request, ct);
        return outcome is CreateTrainingJobOutcome.Planned planned ? await EnqueueAsync(planned, ct) : outcome;
    }

    /// <summary>
    /// Every check a job request gets before it is stored, in order: the request alone, its model and dataset(s)
    /// against each other, the plan against the size limits, the tenant's job quota. The dry run is this method alone,
    /// so it refuses exactly what <see cref="CreateAsync"/> refuses, with the same errors; it stores and queues nothing.
    /// </summary>
    /// <returns><see cref="CreateTrainingJobOutcome.Planned"/>, <see cref="CreateTrainingJobOutcome.Invalid"/> or <see cref="CreateTrainingJobOutcome.QuotaExceeded"/>.</returns>
    public Task<CreateTrainingJobOutcome> CheckAsync(TrainingJobRequest request, CancellationToken ct) => CheckAsync(request, null, ct);

    /// <summary>
    /// <see cref="CheckAsync(TrainingJobRequest, CancellationToken)"/> for a model given as its definition rather than
    /// by <see cref="TrainingJobRequest.ModelId"/> (a tuning job's inline base model, not stored yet).
    /// </summary>
    public async Task<CreateTrainingJobOutcome> CheckAsync(TrainingJobRequest request, ModelDefinition? givenDefinition, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (givenDefinition is not null)
            request = request with { ModelId = request.ModelId ?? Guid.Empty };
        TrainingJobRequestValidator.Validate(request, errors);
        var definition = givenDefinition ?? await LoadDefinitionAsync(request.ModelId, errors, ct);
        var dataset = await LoadSchemaAsync(request.DatasetId, "datasetId", errors, ct);
        var validation = await LoadSchemaAsync(request.ValidationDatasetId, "validationDatasetId", errors, ct);
        if (definition is not null && dataset is not null)
        {
            TrainingJobDatasetChecks.CheckModelFitsDataset(definition, ByName(dataset), "datasetId", errors);
            if (validation is not null)
                TrainingJobDatasetChecks.CheckModelFitsDataset(definition, ByName(validation), "validationDatasetId", errors);
            if (request.CrossValidation is { } cv)
                TrainingJobDatasetChecks.CheckFolds(definition, dataset, cv, errors);
        }

        int? startEpoch = await TrainingJobContinuation.CheckAsync(db, request, dataset, validation, errors, ct);

        if (!errors.IsEmpty)
            return new CreateTrainingJobOutcome.Invalid(errors.ToDictionary());
        var options = TrainingJobRequestValidator.ToParameters(request, definition!.Seed);
        var plan = TrainingJobPlan.Of(definition, dataset!, validation, options);
        TrainingJobDatasetChecks.CheckLimits(plan, dataset!.RowCount, limits.Value, errors);
        if (options.ClassWeights is not null || options.WeightColumn is not null)
            TrainingJobWeightChecks.Check(definition, options, plan.Trains, dataset, validation,
                await TargetCategoriesAsync(dataset, definition.TargetColumn, ct), errors);
        if (!errors.IsEmpty)
            return new CreateTrainingJobOutcome.Invalid(errors.ToDictionary());
        if (await quotas.CheckNewJobAsync(ct) is { } exceeded)
            return new CreateTrainingJobOutcome.QuotaExceeded(exceeded);
        return new CreateTrainingJobOutcome.Planned(request.ModelId!.Value, dataset, validation, options, plan, limits.Value.EstimateGflops, startEpoch!.Value);
    }

    /// <summary>
    /// A queued job is cancelled at once; a running one becomes cancelling and its runner stops within a batch of
    /// seeing the flag (a cancelling one is left so). All are guarded updates, so a job that finished meanwhile is
    /// left as it ended; each change writes its status event in the same transaction.
    /// </summary>
    public async Task<CancelTrainingJobOutcome> CancelAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (cancelledQueued, flaggedRunning) = await db.InTransactionAsync(async token =>
        {
            int cancelled = await db.TrainingJobs
                .Where(j => j.Id == id && j.Status == TrainingJobStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, TrainingJobStatus.Cancelled)
                    .SetProperty(j => j.StopReason, StopReasons.Cancelled)
                    .SetProperty(j => j.CancelRequested, true)
                    .SetProperty(j => j.FinishedAt, now), token);
            if (cancelled == 1)
            {
                await TrainingJobEventLog.AppendStatusAsync(db, id, new(TrainingJobStatus.Cancelled, "cancelled while queued", null, null), now, token);
                return (1, 0);
            }

            int flagged = await db.TrainingJobs
                .Where(j => j.Id == id && j.Status == TrainingJobStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, TrainingJobStatus.Cancelling).SetProperty(j => j.CancelRequested, true), token);
            if (flagged == 1)
                await TrainingJobEventLog.AppendStatusAsync(db, id, new(TrainingJobStatus.Cancelling, "cancel requested", null, null), now, token);
            return (0, flagged);
        }, ct);

        var job = await db.TrainingJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct);
        return job switch
        {
            null => new CancelTrainingJobOutcome.NotFound(),
            _ when cancelledQueued == 1 => new CancelTrainingJobOutcome.Cancelled(job),
            _ when flaggedRunning == 1 || job.Status == TrainingJobStatus.Cancelling => new CancelTrainingJobOutcome.Requested(job),
            _ => new CancelTrainingJobOutcome.AlreadyFinished(job),
        };
    }

    /// <summary>
    /// Deletes a finished job; the database cascades to its epochs, checkpoint, trained model and the predictions made
    /// with it. A model whose latest trained job this was falls back to its next latest job with a trained model.
    /// Queued and running jobs are refused: a worker may hold them, and the user cancels them first.
    /// </summary>
    public async Task<DeleteTrainingJobOutcome> DeleteAsync(Guid id, CancellationToken ct)
    {
        var (outcome, hangfireJobId) = await db.Database.CreateExecutionStrategy().ExecuteAsync(token => DeleteFinishedAsync(id, token), ct);
        if (hangfireJobId is not null)
            DeleteHangfireJob(hangfireJobId);
        return outcome;
    }

    private async Task<ModelDefinition?> LoadDefinitionAsync(Guid? modelId, ValidationErrors errors, CancellationToken ct)
    {
        if (modelId is null)
            return null;
        var model = await db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.Id == modelId, ct);
        if (model is null)
            errors.Add("modelId", $"No model with id {modelId}.");
        return model?.Definition;
    }

    /// <summary>The dataset's schema (category counts, not the categories), or null (with an error under <paramref name="field"/>) when it does not exist.</summary>
    private async Task<DatasetSchema?> LoadSchemaAsync(Guid? datasetId, string field, ValidationErrors errors, CancellationToken ct)
    {
        if (datasetId is null)
            return null;
        var schema = await datasets.LoadSchemaAsync(datasetId.Value, withCategories: false, ct);
        if (schema is null || schema.Columns.Count == 0)
        {
            errors.Add(field, $"No dataset with id {datasetId}.");
            return null;
        }

        return schema;
    }

    /// <summary>A categorical target's categories (one column's, not every column's as the schema with categories would load), else null.</summary>
    private async Task<IReadOnlyList<string>?> TargetCategoriesAsync(DatasetSchema dataset, string target, CancellationToken ct) =>
        dataset.Columns.Single(c => c.Name == target).Type != ColumnType.Categorical
            ? null
            : await db.DatasetColumns.Where(c => c.DatasetId == dataset.Id && c.Name == target).Select(c => c.Categories).SingleAsync(ct) ?? [];

    private static Dictionary<string, ColumnSchema> ByName(DatasetSchema schema) => schema.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>
    /// Stores the job as queued, then hands its id to Hangfire. A model or dataset deleted after the checks above
    /// refuses the job under the field that named it (see <see cref="GuardedDelete"/>).
    /// </summary>
    private async Task<CreateTrainingJobOutcome> EnqueueAsync(CreateTrainingJobOutcome.Planned planned, CancellationToken ct)
    {
        var job = NewJob(planned);
        db.TrainingJobs.Add(job);
        try
        {
            await db.InTransactionAsync(async token =>
            {
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, token);
                await AppendQueuedAsync(job, "queued", token);
                return true;
            }, ct);
            db.ChangeTracker.AcceptAllChanges();
        }
        catch (DbUpdateException e) when (DeletedMeanwhileOutcome(e) is { } refused)
        {
            db.ChangeTracker.Clear();
            return refused;
        }

        if (job.Parameters.InitFromJobId is { } fromId && !await CopyStartStateAsync(job.Id, fromId, ct))
        {
            await db.TrainingJobs.Where(j => j.Id == job.Id).ExecuteDeleteAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return new CreateTrainingJobOutcome.Invalid(new() { ["initFromJobId"] = [DeletedMeanwhile] });
        }

        // The row exists before Hangfire sees the id, so a worker never fetches a job it cannot load.
        job.HangfireJobId = Enqueue(job.Id);
        await db.SaveChangesAsync(ct);
        return new CreateTrainingJobOutcome.Queued(job);
    }

    /// <summary>The job's first status event, written in the transaction that stores the job.</summary>
    internal Task AppendQueuedAsync(TrainingJob job, string reason, CancellationToken ct) =>
        TrainingJobEventLog.AppendStatusAsync(db, job.Id, new(TrainingJobStatus.Queued, reason, null, null), job.CreatedAt, ct);

    /// <summary>Hands a stored job's id to a worker on the training queue; returns the Hangfire job id.</summary>
    internal string Enqueue(Guid jobId) =>
        hangfire.Create<TrainingJobRunner>(runner => runner.RunAsync(jobId, CancellationToken.None), new EnqueuedState(Queues.Training));

    /// <summary>The queued job row of a plan that passed <see cref="CheckAsync(TrainingJobRequest, CancellationToken)"/>, not yet added or queued.</summary>
    internal TrainingJob NewJob(CreateTrainingJobOutcome.Planned planned)
    {
        var (modelId, dataset, validationDataset, options, plan, _, startEpoch) = planned;
        return new TrainingJob
        {
            Id = Guid.CreateVersion7(),
            ModelId = modelId,
            DatasetId = dataset.Id,
            ValidationDatasetId = validationDataset?.Id,
            RecordedDatasetId = dataset.Id,
            RecordedDatasetName = dataset.Name,
            RecordedDatasetRowCount = dataset.RowCount,
            RecordedValidationDatasetId = validationDataset?.Id,
            RecordedValidationDatasetName = validationDataset?.Name,
            RecordedValidationDatasetRowCount = validationDataset?.RowCount,
            Status = TrainingJobStatus.Queued,
            Parameters = options,
            Epochs = startEpoch + options.Epochs,
            StartEpoch = startEpoch,
            InitFromJobId = options.InitFromJobId,
            EpochsCompleted = startEpoch,
            PlannedMemoryBytes = plan.MemoryBytes,
            Plan = plan.Trains,
            CreatedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>
    /// Gives a continued job the final training state of the job it starts from as its own first checkpoint, copied in
    /// the database (the bytes never pass through the Api), with no run time spent yet: the first job may be deleted
    /// meanwhile, and a crash before the first epoch resumes from the copy. False when that job (and its state) is gone.
    /// </summary>
    private async Task<bool> CopyStartStateAsync(Guid jobId, Guid fromId, CancellationToken ct)
    {
        var tenantId = db.TenantScope.RequiredTenantId;
        var now = clock.GetUtcNow();
        return await db.Database.ExecuteSqlAsync($"""
            INSERT INTO training_checkpoints (training_job_id, epoch, data, run_time, updated_at)
            SELECT {jobId}, c.epoch, c.data, interval '0', {now}
            FROM training_checkpoints c JOIN training_jobs j ON j.id = c.training_job_id
            WHERE c.training_job_id = {fromId} AND j.tenant_id = {tenantId}
            """, ct) == 1;
    }

    /// <summary>The delete's database part, in one transaction; also returns the Hangfire job id of a deleted job.</summary>
    private async Task<(DeleteTrainingJobOutcome Outcome, string? HangfireJobId)> DeleteFinishedAsync(Guid id, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var job = await db.TrainingJobs.AsNoTracking().Where(j => j.Id == id)
            .Select(j => new { j.Status, j.ModelId, j.HangfireJobId }).SingleOrDefaultAsync(ct);
        if (job is null)
            return (new DeleteTrainingJobOutcome.NotFound(), null);
        if (TrainingJobStatuses.InProgress.Contains(job.Status))
            return (new DeleteTrainingJobOutcome.NotFinished(job.Status), null);

        if (await db.Models.AnyAsync(m => m.ProductionTrainingJobId == id, ct))
            return (new DeleteTrainingJobOutcome.Pinned(job.ModelId), null);
        // Its fitted preprocessing is read by each run of a job continuing it (TrainingPreparation).
        if (await db.TrainingJobs.Where(j => j.InitFromJobId == id && TrainingJobStatuses.InProgress.Contains(j.Status))
                .Select(j => (Guid?)j.Id).FirstOrDefaultAsync(ct) is { } continuing)
            return (new DeleteTrainingJobOutcome.Continued(continuing), null);

        // An ended job never runs again, so the status read above still holds; a delete racing this one finds nothing.
        // A pin committed since the check above makes the delete fail on the pin's foreign key.
        try
        {
            if (await db.TrainingJobs.Where(j => j.Id == id).ExecuteDeleteAsync(ct) == 0)
                return (new DeleteTrainingJobOutcome.NotFound(), null);
        }
        catch (Exception e) when (ForeignKeyViolation.Is(e))
        {
            return (new DeleteTrainingJobOutcome.Pinned(job.ModelId), null);
        }

        // Guarded by the pointer itself: a job of the model that succeeded meanwhile has set its own id, which stays.
        // Only succeeded jobs: a cancelled job that kept its best epoch is predicted with by name or pin, never by default.
        await db.Models.Where(m => m.Id == job.ModelId && m.LatestTrainingJobId == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LatestTrainingJobId, m => db.TrainingJobs
                .Where(j => j.ModelId == m.Id && j.Status == TrainingJobStatus.Succeeded && db.TrainedModels.Any(t => t.TrainingJobId == j.Id))
                .OrderByDescending(j => j.FinishedAt).ThenByDescending(j => j.Id)
                .Select(j => (Guid?)j.Id).FirstOrDefault()), ct);
        await transaction.CommitAsync(ct);
        return (new DeleteTrainingJobOutcome.Deleted(), job.HangfireJobId);
    }

    /// <summary>
    /// A job cancelled while queued is still in Hangfire's queue (its runner would find nothing to do), and a failed
    /// one is kept there until deleted; neither should outlive the job. Succeeded ones expire by themselves. The state
    /// change is guarded by the state read, so a job a worker has just fetched is left to that worker.
    /// </summary>
    private void DeleteHangfireJob(string hangfireJobId)
    {
        using var connection = hangfireStorage.GetConnection();
        if (connection.GetJobData(hangfireJobId)?.State is { } state && PendingHangfireStates.Contains(state))
            hangfire.ChangeState(hangfireJobId, new DeletedState(), state);
    }

    /// <summary>A job insert that failed because its model or dataset was deleted after the checks: refused under the field that named it.</summary>
    internal static CreateTrainingJobOutcome.Invalid? DeletedMeanwhileOutcome(DbUpdateException e) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } violation
            ? new CreateTrainingJobOutcome.Invalid(new() { [FieldOf(violation.ConstraintName)] = [DeletedMeanwhile] })
            : null;

    private static string FieldOf(string? constraint) => constraint switch
    {
        _ when constraint?.EndsWith("_validation_dataset_id", StringComparison.Ordinal) == true => "validationDatasetId",
        _ when constraint?.EndsWith("_dataset_id", StringComparison.Ordinal) == true => "datasetId",
        _ => "modelId",
    };
}
