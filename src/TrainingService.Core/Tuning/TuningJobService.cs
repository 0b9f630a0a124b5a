using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainingService.Core.Data;
using TrainingService.Core.Events;
using TrainingService.Core.Hosting;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Tuning;

/// <summary>
/// Checks tuning requests (the request, the search space against the base model, then the base model against the
/// dataset by the training jobs' own dry run), stores accepted ones as queued and hands them to
/// <see cref="TuningCoordinator"/>; cancels them.
/// </summary>
public sealed class TuningJobService(
    TrainingServiceDbContext db, TrainingJobService trainingJobs, IBackgroundJobClient hangfire, IOptions<TuningOptions> limits, TimeProvider clock)
{
    public async Task<CreateTuningJobOutcome> CreateAsync(TuningJobRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var inline = TuningJobRequestValidator.Validate(request, limits.Value, errors);
        var (definition, baseName) = inline is not null
            ? (SeededBy(inline, request), request.BaseModel!.Name!)
            : await LoadBaseAsync(request.ModelId, errors, ct);
        if (definition is null)
            return new CreateTuningJobOutcome.Invalid(errors.ToDictionary());

        var objective = TuningJobRequestValidator.ValidateObjective(request, definition, errors);
        var training = TrainingPart(request);
        // Each well-formed path against the base, also beside other paths' errors, so one 400 names every bad path;
        // not beside errors in the training fields, which every probe would repeat.
        if (errors.ToDictionary().Keys.All(k => k.StartsWith("searchSpace[", StringComparison.Ordinal)))
        {
            var wellFormed = (request.SearchSpace ?? new Dictionary<string, SearchDimension?>()).Where(d => d.Value is not null && !errors.ToDictionary().ContainsKey(TuningJobRequestValidator.Key(d.Key)))
                .ToDictionary(d => d.Key, d => d.Value!, StringComparer.Ordinal);
            TuningJobRequestValidator.ValidateAgainstBase(wellFormed, definition, training, errors);
        }

        if (!errors.IsEmpty)
            return new CreateTuningJobOutcome.Invalid(errors.ToDictionary());

        // The base model against the dataset, by the dry run itself, before any trial starts.
        switch (await trainingJobs.CheckAsync(training, definition, ct))
        {
            case CreateTrainingJobOutcome.Invalid invalid:
                return new CreateTuningJobOutcome.Invalid(invalid.Errors);
            case CreateTrainingJobOutcome.QuotaExceeded quota:
                return new CreateTuningJobOutcome.QuotaExceeded(quota.Quota);
        }

        var job = new TuningJob
        {
            Id = Guid.CreateVersion7(),
            Name = baseName,
            BaseModelId = request.ModelId,
            BaseDefinition = definition,
            Training = training with { ModelId = null },
            DatasetId = request.DatasetId!.Value,
            Objective = objective!,
            Strategy = request.Strategy ?? TrialSampler.Random,
            SearchSpace = (request.SearchSpace ?? new Dictionary<string, SearchDimension?>()).ToDictionary(d => d.Key, d => d.Value!, StringComparer.Ordinal),
            CrossValidation = request.CrossValidation,
            Pruning = request.Pruning ?? new TuningPruning(),
            MaxParallel = request.MaxParallel ?? Math.Min(TuningJobRequestValidator.DefaultParallel, limits.Value.MaxParallel),
            Seed = request.Seed ?? definition.Seed,
            TotalTrials = TuningJobRequestValidator.TotalTrials(request),
            Status = TrainingJobStatus.Queued,
            CreatedAt = clock.GetUtcNow(),
        };
        db.TuningJobs.Add(job);
        await db.SaveChangesAsync(ct);
        // A crash between the save and this enqueue is caught up by the coordinator's sweep within a minute.
        hangfire.Create<TuningCoordinator>(c => c.StepAsync(job.Id, CancellationToken.None), new EnqueuedState(Queues.Default));
        return new CreateTuningJobOutcome.Queued(job);
    }

    // An inline base model without a seed of its own would draw a random one per request, so the same request would
    // train its trials from other initial weights each time; the tuning seed stands in for it.
    private static ModelDefinition SeededBy(ModelDefinition inline, TuningJobRequest request) =>
        request.BaseModel!.Seed is null && request.Seed is { } seed ? inline with { Seed = seed } : inline;

    /// <summary>
    /// Ends the tuning job as cancelled under its row lock (so no coordinator step starts a trial afterwards), then
    /// cancels its trials that have not ended: queued ones at once, running ones within a batch. Finished trials stay.
    /// </summary>
    public async Task<CancelTuningJobOutcome> CancelAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // The update waits for a coordinator step holding the row lock; a step after it finds the job ended.
        int ended = await db.TuningJobs.Where(t => t.Id == id && TrainingJobStatuses.InProgress.Contains(t.Status))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TrainingJobStatus.Cancelled).SetProperty(t => t.FinishedAt, now), ct);
        var job = await db.TuningJobs.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (job is null)
            return new CancelTuningJobOutcome.NotFound();
        if (ended == 0)
            return new CancelTuningJobOutcome.AlreadyFinished(job);
        await TrainingJobEventLog.NotifyAsync(db, id, ct);
        // A training job's cross-validation also ends the job waiting for its folds, which is no trial yet.
        var unfinished = await db.TrainingJobs.Where(j => (j.TuningJobId == id || j.Id == job.CrossValidatedJobId) && TrainingJobStatuses.InProgress.Contains(j.Status))
            .Select(j => j.Id).ToListAsync(ct);
        foreach (var trial in unfinished)
            await trainingJobs.CancelAsync(trial, ct);
        return new CancelTuningJobOutcome.Cancelled(job);
    }

    /// <summary>Deletes a finished tuning job; its trials stay as ordinary training jobs (their link is cleared).</summary>
    public async Task<DeleteTrainingJobOutcome> DeleteAsync(Guid id, CancellationToken ct)
    {
        if (await db.TuningJobs.Where(t => t.Id == id && !TrainingJobStatuses.InProgress.Contains(t.Status)).ExecuteDeleteAsync(ct) == 1)
            return new DeleteTrainingJobOutcome.Deleted();
        var status = await db.TuningJobs.Where(t => t.Id == id).Select(t => (TrainingJobStatus?)t.Status).SingleOrDefaultAsync(ct);
        return status is { } unfinished ? new DeleteTrainingJobOutcome.NotFinished(unfinished) : new DeleteTrainingJobOutcome.NotFound();
    }

    /// <summary>The request's training fields alone, as a plain training job request (what each trial starts from).</summary>
    internal static TrainingJobRequest TrainingPart(TrainingJobRequest request) =>
        JsonSerializer.SerializeToNode(request, StoredJson.Options).Deserialize<TrainingJobRequest>(StoredJson.Options)!;

    private async Task<(ModelDefinition? Definition, string Name)> LoadBaseAsync(Guid? modelId, ValidationErrors errors, CancellationToken ct)
    {
        if (modelId is null)
            return (null, string.Empty);
        var model = await db.Models.AsNoTracking().Where(m => m.Id == modelId).Select(m => new { m.Definition, m.Name }).SingleOrDefaultAsync(ct);
        if (model is null)
            errors.Add("modelId", $"No model with id {modelId}.");
        return (model?.Definition, model?.Name ?? string.Empty);
    }
}
