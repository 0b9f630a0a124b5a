using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Hosting;
using TrainingService.Core.Models;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Training;

/// <summary>
/// Checks job requests against their model and dataset(s) and against the size limits, stores accepted jobs as queued
/// (with their planned memory) and hands their ids to Hangfire; cancels jobs.
/// </summary>
public sealed class TrainingJobService(
    TrainingServiceDbContext db, DatasetStore datasets, IBackgroundJobClient hangfire, IOptions<TrainingOptions> limits, TimeProvider clock)
{
    private const string DeletedMeanwhile = "It was deleted while the job was being created.";

    public async Task<CreateTrainingJobOutcome> CreateAsync(TrainingJobRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        TrainingJobRequestValidator.Validate(request, errors);
        var definition = await LoadDefinitionAsync(request.ModelId, errors, ct);
        var dataset = await LoadSchemaAsync(request.DatasetId, "datasetId", errors, ct);
        var validation = await LoadSchemaAsync(request.ValidationDatasetId, "validationDatasetId", errors, ct);
        if (definition is not null && dataset is not null)
        {
            TrainingJobDatasetChecks.CheckModelFitsDataset(definition, ByName(dataset), "datasetId", errors);
            if (validation is not null)
                TrainingJobDatasetChecks.CheckModelFitsDataset(definition, ByName(validation), "validationDatasetId", errors);
        }

        if (!errors.IsEmpty)
            return new CreateTrainingJobOutcome.Invalid(errors.ToDictionary());
        var options = TrainingJobRequestValidator.ToParameters(request, definition!.Seed);
        var plan = TrainingJobPlan.Of(definition, dataset!, validation, options);
        TrainingJobDatasetChecks.CheckLimits(plan, dataset!.RowCount, limits.Value, errors);
        if (!errors.IsEmpty)
            return new CreateTrainingJobOutcome.Invalid(errors.ToDictionary());
        return await EnqueueAsync(request.ModelId!.Value, request.DatasetId!.Value, options, plan, ct);
    }

    /// <summary>
    /// A queued job is cancelled at once; a running one is flagged and its runner stops within a batch of
    /// seeing the flag. Both are guarded updates, so a job that finished meanwhile is left as it ended.
    /// </summary>
    public async Task<CancelTrainingJobOutcome> CancelAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        int cancelledQueued = await db.TrainingJobs
            .Where(j => j.Id == id && j.Status == TrainingJobStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, TrainingJobStatus.Cancelled)
                .SetProperty(j => j.StopReason, StopReasons.Cancelled)
                .SetProperty(j => j.CancelRequested, true)
                .SetProperty(j => j.FinishedAt, now), ct);
        int flaggedRunning = cancelledQueued == 1 ? 0 : await db.TrainingJobs
            .Where(j => j.Id == id && j.Status == TrainingJobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), ct);

        var job = await db.TrainingJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct);
        return job switch
        {
            null => new CancelTrainingJobOutcome.NotFound(),
            _ when cancelledQueued == 1 => new CancelTrainingJobOutcome.Cancelled(job),
            _ when flaggedRunning == 1 => new CancelTrainingJobOutcome.Requested(job),
            _ => new CancelTrainingJobOutcome.AlreadyFinished(job),
        };
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

    private static Dictionary<string, ColumnSchema> ByName(DatasetSchema schema) => schema.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>
    /// Stores the job as queued, then hands its id to Hangfire. A model or dataset deleted after the checks above
    /// refuses the job under the field that named it (see <see cref="GuardedDelete"/>).
    /// </summary>
    private async Task<CreateTrainingJobOutcome> EnqueueAsync(Guid modelId, Guid datasetId, TrainingJobParameters options, TrainingJobPlan plan, CancellationToken ct)
    {
        var job = new TrainingJob
        {
            Id = Guid.CreateVersion7(),
            ModelId = modelId,
            DatasetId = datasetId,
            ValidationDatasetId = options.ValidationDatasetId,
            Status = TrainingJobStatus.Queued,
            Parameters = options,
            Epochs = options.Epochs,
            PlannedMemoryBytes = plan.MemoryBytes,
            CreatedAt = clock.GetUtcNow(),
        };
        db.TrainingJobs.Add(job);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } violation)
        {
            db.ChangeTracker.Clear();
            return new CreateTrainingJobOutcome.Invalid(new() { [FieldOf(violation.ConstraintName)] = [DeletedMeanwhile] });
        }

        // The row exists before Hangfire sees the id, so a worker never fetches a job it cannot load.
        job.HangfireJobId = hangfire.Create<TrainingJobRunner>(
            runner => runner.RunAsync(job.Id, CancellationToken.None), new EnqueuedState(Queues.Training));
        await db.SaveChangesAsync(ct);
        return new CreateTrainingJobOutcome.Queued(job);
    }

    private static string FieldOf(string? constraint) => constraint switch
    {
        _ when constraint?.EndsWith("_validation_dataset_id", StringComparison.Ordinal) == true => "validationDatasetId",
        _ when constraint?.EndsWith("_dataset_id", StringComparison.Ordinal) == true => "datasetId",
        _ => "modelId",
    };
}
