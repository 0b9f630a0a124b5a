using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Validation;
using TrainingService.Engine;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Schedules;
using TrainingService.Engine.Training;

namespace TrainingService.Core.Training;

/// <summary>
/// Continue training (<see cref="TrainingJobParameters.InitFromJobId"/>): which finished jobs a new job may start from,
/// and the training state it starts with. A finished job keeps its last checkpoint (its final weights, optimizer slots,
/// schedule, early-stopping and random states); a continued job gets a copy of it as its own first checkpoint when it
/// is queued, so it resumes from that exactly as a job resumes after a crash, and numbers its epochs on from there.
/// </summary>
public static class TrainingJobContinuation
{
    /// <summary>
    /// Checks the job named by <c>initFromJobId</c>: it exists, has ended with a trained model and its final training
    /// state, trained the same model, and (with <c>resumeOptimizer</c>) used the schedule and early-stopping monitor
    /// whose states carry on; the dataset(s) must hold the feature columns its fitted preprocessing reads. Returns the
    /// epoch the new job starts after, or null (with errors) when it cannot start there.
    /// </summary>
    public static async Task<int?> CheckAsync(
        TrainingServiceDbContext db, TrainingJobRequest request, DatasetSchema? dataset, DatasetSchema? validation, ValidationErrors errors, CancellationToken ct)
    {
        if (request.InitFromJobId is not { } fromId)
            return 0;
        var from = await db.TrainingJobs.AsNoTracking().Where(j => j.Id == fromId).Select(j => new
        {
            j.ModelId,
            j.Status,
            j.Parameters,
            j.Plan,
            HasModel = db.TrainedModels.Any(t => t.TrainingJobId == j.Id),
            StateEpoch = db.TrainingCheckpoints.Where(c => c.TrainingJobId == j.Id).Select(c => (int?)c.Epoch).SingleOrDefault(),
        }).SingleOrDefaultAsync(ct);
        const string Field = "initFromJobId";
        if (from is null)
        {
            errors.Add(Field, $"No training job with id {fromId}.");
            return null;
        }

        if (request.ModelId is { } modelId && from.ModelId != modelId)
            errors.Add(Field, $"Job {fromId} trained model {from.ModelId}, not {modelId}: a job continues one of the same model (same architecture and features).");
        if (TrainingJobStatuses.InProgress.Contains(from.Status) || !from.HasModel)
            errors.Add(Field, $"Job {fromId} is {from.Status.ToString().ToLowerInvariant()} without a trained model: only a finished job that kept a model can be continued.");
        else if (from.StateEpoch is null)
            errors.Add(Field, $"Job {fromId} finished before final training states were kept, so there is nothing to continue from; train it again.");
        if (request.ResumeOptimizer == true)
            CheckResumable(request, from.Parameters, fromId, errors);
        // Plans are stored for every job queued since before this feature; an older job's columns are checked when it trains.
        if (from.Plan is { } plan)
        {
            CheckColumns(plan, dataset, "datasetId", fromId, errors);
            CheckColumns(plan, validation, "validationDatasetId", fromId, errors);
        }

        return errors.IsEmpty ? from.StateEpoch : null;
    }

    /// <summary>
    /// The state a continued job trains from, given the checkpoint copied when it was queued: as it is with
    /// <see cref="TrainingJobParameters.ResumeOptimizer"/>; else with the first job's weights only, and a fresh
    /// optimizer (no slots, step 0), schedule state, early stopping and shuffle generator (from this job's seed), and
    /// the network's own dropout generator. The epoch number stays, so closed-form schedules read their rate at it.
    /// </summary>
    public static TrainingCheckpoint StartState(TrainingCheckpoint copied, TrainingJobParameters parameters, TrainerOptions options) =>
        parameters.ResumeOptimizer ? copied : copied with
        {
            Optimizer = new OptimizerState(copied.Optimizer.Type, 0, []),
            Schedule = LearningRateScheduleFactory.Create(options.Schedule, options.Optimizer.EffectiveLearningRate(), options.Epochs).GetState(),
            EarlyStopping = null,
            ShuffleRandomState = new SeededRandom(options.Seed).GetState(),
            DropoutRandomState = null,
        };

    /// <summary>
    /// The states that carry on must mean the same in the new job: reduce-on-plateau's state is a rate and a best value,
    /// early stopping's a best value of its monitor.
    /// </summary>
    private static void CheckResumable(TrainingJobRequest request, TrainingJobParameters from, Guid fromId, ValidationErrors errors)
    {
        string schedule = (request.LearningRateSchedule ?? new LearningRateScheduleRequest()).Type;
        if (!string.Equals(schedule, from.LearningRateSchedule.Type, StringComparison.OrdinalIgnoreCase))
            errors.Add("learningRateSchedule.type",
                $"resumeOptimizer carries on job {fromId}'s '{from.LearningRateSchedule.Type}' schedule; ask for the same type, or leave resumeOptimizer off to start a fresh '{schedule}' one.");
        if (request.EarlyStopping is { } early && from.EarlyStopping is { } previous && early.Monitor != previous.Monitor)
            errors.Add("earlyStopping.monitor",
                $"resumeOptimizer carries on job {fromId}'s early stopping on '{previous.Monitor}'; monitor the same, or leave resumeOptimizer off.");
    }

    private static void CheckColumns(TrainingPlan plan, DatasetSchema? dataset, string field, Guid fromId, ValidationErrors errors)
    {
        if (dataset is null)
            return;
        var columns = dataset.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var feature in plan.Features)
        {
            if (!columns.TryGetValue(feature.Column, out var column))
                errors.Add(field, $"Dataset '{dataset.Name}' has no column '{feature.Column}', a feature of job {fromId}'s preprocessing, which a continued job keeps.");
            else if (column.Type != feature.Type)
                errors.Add(field, $"Column '{feature.Column}' of dataset '{dataset.Name}' is {column.Type.ToString().ToLowerInvariant()}; job {fromId} trained on it as {feature.Type.ToString().ToLowerInvariant()}.");
        }
    }
}
