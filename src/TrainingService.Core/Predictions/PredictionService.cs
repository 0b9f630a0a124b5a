using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Evaluation;
using TrainingService.Core.Hosting;
using TrainingService.Core.Identity;
using TrainingService.Core.Training;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Predictions;

/// <summary>
/// Runs a model's trained network over rows sent inline or a stored dataset, with the preprocessing fitted at
/// training time, and stores the predictions (and metrics, where the target is present).
/// </summary>
public sealed class PredictionService(
    TrainingServiceDbContext db, DatasetStore store, TrainedModelCache trainedModels, ServingJobCache servingJobs, CallerKey callerKey, IBackgroundJobClient hangfire, TenantQuotas quotas, TimeProvider clock)
{
    public async Task<PredictionOutcome> PredictAsync(Guid modelId, PredictionRequest request, CancellationToken ct)
    {
        // Warm inline rows: straight from the job that served this model last, checked again by the insert itself (with
        // the caller's key, when it came from the cache), so the request makes one round trip; anything amiss (a changed
        // pin, a deleted job or model, a revoked key, invalid rows) takes the path below, which asks first and says what is wrong.
        Guid tenantId = db.TenantScope.RequiredTenantId;
        var shapeErrors = new ValidationErrors();
        PredictionRequestValidator.Validate(request, shapeErrors);
        if (shapeErrors.IsEmpty && request is { Rows: not null, DatasetId: null, Async: false }
            && servingJobs.Find(tenantId, modelId, request.TrainingJobId) is { } lastJobId)
        {
            if (await ScoreAndStoreAsync(modelId, request, lastJobId, guessed: true, ct) is { } served)
                return served;
            servingJobs.Forget(tenantId, modelId, request.TrainingJobId);
        }

        // A key taken from the cache is read before anything else this path reads or answers.
        await callerKey.ConfirmAsync(db, ct);
        var serving = await FindServingJobAsync(modelId, request.TrainingJobId, ct);
        if (serving is null)
            return new PredictionOutcome.NotFound();
        if (!shapeErrors.IsEmpty)
            return new PredictionOutcome.Invalid(shapeErrors.ToDictionary());

        // The production pin when there is one, else the latest succeeded job.
        if (serving.JobId is not { } jobId)
            return new PredictionOutcome.NotTrained($"Model {modelId} has no trained job yet: train it with POST /api/training-jobs first.");
        if (request.TrainingJobId is { } named && !serving.IsModelsJob)
            return Invalid("trainingJobId", $"Training job {named} is not a job of model {modelId}.");
        // Asked even when the network is cached: the job may have been deleted since, and only the query knows
        // whether the caller's tenant may use it.
        if (!serving.HasTrainedModel)
            return NotTrained(jobId);
        if (request.Async)
            return await QueueAsync(modelId, jobId, request.DatasetId!.Value, ct);
        return await ScoreAndStoreAsync(modelId, request, jobId, guessed: false, ct)
            ?? new PredictionOutcome.NotTrained($"Model {modelId} changed while its rows were predicted (its serving job or trained model): send them again.");
    }

    /// <summary>
    /// Predicts the rows with <paramref name="jobId"/>'s trained model and stores the prediction if the model is still
    /// served by that job (<see cref="PredictionStore"/>). Null when it is not, and, for a <paramref name="guessed"/>
    /// job, also when the model or rows fail, so the caller can take the checked path.
    /// </summary>
    private async Task<PredictionOutcome?> ScoreAndStoreAsync(Guid modelId, PredictionRequest request, Guid jobId, bool guessed, CancellationToken ct)
    {
        using var lease = await trainedModels.RentAsync(jobId, token => LoadTrainedModel(jobId, token), ct);
        if (lease is null)
            return guessed ? null : NotTrained(jobId);
        var (preprocessing, network) = (lease.Preprocessing, lease.Network);
        var encoded = request.Rows is { } rows ? EncodeRows(preprocessing, rows) : await EncodeDatasetAsync(preprocessing, request.DatasetId!.Value, ct);
        if (encoded.Errors.Count > 0)
            return guessed ? null : new PredictionOutcome.Invalid(encoded.Errors);

        var outputs = new float[encoded.RowCount * preprocessing.Target.OutputWidth];
        network.Predict(encoded.Inputs, encoded.RowCount, outputs);
        var predicted = OutputDecoder.Decode(preprocessing.Target, outputs, encoded.RowCount);
        var evaluation = ModelEvaluator.Evaluate(preprocessing.Target, outputs, encoded.Actual);
        var metrics = PredictionMetrics.From(evaluation);
        var prediction = new Prediction
        {
            Id = Guid.CreateVersion7(),
            ModelId = modelId,
            TrainingJobId = jobId,
            CreatedAt = clock.GetUtcNow(),
            RowCount = encoded.RowCount,
            Results = predicted,
            Metrics = metrics,
            Evaluation = evaluation,
            Warnings = encoded.Warnings.ToArray(),
        };
        if (!await PredictionStore.TryInsertAsync(db, prediction, request.TrainingJobId, callerKey.UnconfirmedKeyId, ct))
            return null;
        servingJobs.Remember(prediction.TenantId, modelId, request.TrainingJobId, jobId);
        return new PredictionOutcome.Created(prediction, predicted, metrics, evaluation);
    }

    private static PredictionOutcome.NotTrained NotTrained(Guid jobId) =>
        new($"Training job {jobId} has no trained model: it has not succeeded (nor kept a best epoch).");

    /// <summary>
    /// Stores the prediction queued (the dataset's row count known, no rows yet), then hands its id to Hangfire; the
    /// <see cref="BatchScoringRunner"/> checks the dataset's columns against the model and scores it.
    /// </summary>
    private async Task<PredictionOutcome> QueueAsync(Guid modelId, Guid jobId, Guid datasetId, CancellationToken ct)
    {
        var dataset = await db.Datasets.Where(d => d.Id == datasetId).Select(d => new { d.RowCount }).SingleOrDefaultAsync(ct);
        if (dataset is null)
            return Invalid("datasetId", $"No dataset with id {datasetId}.");
        if (dataset.RowCount > int.MaxValue)
            return Invalid("datasetId", $"The dataset has {dataset.RowCount} rows; at most {int.MaxValue} can be scored.");
        if (await CheckFeatureColumnsAsync(jobId, datasetId, ct) is { } mismatch)
            return Invalid("datasetId", mismatch);
        if (await quotas.CheckNewAsyncPredictionAsync(ct) is { } exceeded)
            return new PredictionOutcome.QuotaExceeded(exceeded);
        var prediction = new Prediction
        {
            Id = Guid.CreateVersion7(),
            ModelId = modelId,
            TrainingJobId = jobId,
            CreatedAt = clock.GetUtcNow(),
            RowCount = (int)dataset.RowCount,
            Status = PredictionStatus.Queued,
            Chunked = true,
            DatasetId = datasetId,
            Results = [],
        };
        db.Predictions.Add(prediction);
        await db.SaveChangesAsync(ct);
        // The row exists before Hangfire sees the id, so a worker never fetches a prediction it cannot load.
        prediction.HangfireJobId = hangfire.Create<BatchScoringRunner>(
            runner => runner.RunAsync(prediction.Id, CancellationToken.None), new EnqueuedState(Queues.Default));
        await db.SaveChangesAsync(ct);
        return new PredictionOutcome.Queued(prediction);
    }

    /// <summary>
    /// Why the dataset cannot be scored by the job's model, from the features the job's plan stored (so the model is not
    /// decoded for a request that only queues); null when it fits, or when the job has no stored plan (the runner
    /// then checks, and fails the prediction saying why).
    /// </summary>
    private async Task<string?> CheckFeatureColumnsAsync(Guid jobId, Guid datasetId, CancellationToken ct)
    {
        var plan = await db.TrainingJobs.Where(j => j.Id == jobId).Select(j => j.Plan).SingleOrDefaultAsync(ct);
        if (plan is null)
            return null;
        var columns = await db.DatasetColumns.Where(c => c.DatasetId == datasetId).ToDictionaryAsync(c => c.Name, c => c.Type, StringComparer.Ordinal, ct);
        var missing = plan.Features.Where(f => !columns.ContainsKey(f.Column)).Select(f => f.Column).ToList();
        if (missing.Count > 0)
            return $"The dataset lacks the model's feature column(s): {string.Join(", ", missing)}.";
        var retyped = plan.Features.FirstOrDefault(f => columns[f.Column] != f.Type);
        return retyped is null ? null
            : $"Column '{retyped.Column}' is {columns[retyped.Column].ToString().ToLowerInvariant()} here but was {retyped.Type.ToString().ToLowerInvariant()} in training.";
    }

    /// <summary>
    /// A queued asynchronous prediction is cancelled at once; a running one is flagged and its runner stops after the
    /// chunk it is on, keeping the chunks stored.
    /// </summary>
    public async Task<CancelPredictionOutcome> CancelAsync(Guid modelId, Guid predictionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ofModel = db.Predictions.Where(p => p.Id == predictionId && p.ModelId == modelId);
        int cancelledQueued = await ofModel.Where(p => p.Status == PredictionStatus.Queued).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, PredictionStatus.Cancelled)
            .SetProperty(p => p.CancelRequested, true)
            .SetProperty(p => p.FinishedAt, now), ct);
        int flaggedRunning = cancelledQueued == 1 ? 0 : await ofModel.Where(p => p.Status == PredictionStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.CancelRequested, true), ct);
        var prediction = await ofModel.AsNoTracking().SingleOrDefaultAsync(ct);
        return prediction switch
        {
            null => new CancelPredictionOutcome.NotFound(),
            _ when cancelledQueued + flaggedRunning == 1 => new CancelPredictionOutcome.Requested(prediction),
            _ => new CancelPredictionOutcome.AlreadyFinished(prediction),
        };
    }

    /// <summary>
    /// The model's serving job (<paramref name="named"/>, else the production pin, else the latest succeeded job),
    /// whether a named job is the model's, and whether the job has a trained model: one query, one round trip, under
    /// the tenant's query filters like the separate queries it replaces. Null when the tenant has no such model.
    /// </summary>
    private Task<ServingJob?> FindServingJobAsync(Guid modelId, Guid? named, CancellationToken ct) =>
        db.Models.Where(m => m.Id == modelId)
            .Select(m => new ServingJob(
                named ?? m.ProductionTrainingJobId ?? m.LatestTrainingJobId,
                named == null || db.TrainingJobs.Any(j => j.Id == named && j.ModelId == modelId),
                db.TrainedModels.Any(t => t.TrainingJobId == (named ?? m.ProductionTrainingJobId ?? m.LatestTrainingJobId))))
            .SingleOrDefaultAsync(ct);

    private sealed record ServingJob(Guid? JobId, bool IsModelsJob, bool HasTrainedModel);

    private Task<byte[]?> LoadTrainedModel(Guid jobId, CancellationToken ct) =>
        db.TrainedModels.Where(t => t.TrainingJobId == jobId).Select(t => t.Data).SingleOrDefaultAsync(ct);

    /// <summary>Deletes one stored prediction of the model; another model's prediction is not found, like a missing one.</summary>
    public async Task<DeleteOutcome> DeleteAsync(Guid modelId, Guid predictionId, CancellationToken ct) =>
        await db.Predictions.Where(p => p.Id == predictionId && p.ModelId == modelId).ExecuteDeleteAsync(ct) == 1
            ? new DeleteOutcome.Deleted()
            : new DeleteOutcome.NotFound();

    private static EncodedInput EncodeRows(FittedPreprocessing preprocessing, JsonElement[] rows)
    {
        var encoder = new RawRowEncoder(preprocessing);
        var input = new EncodedInput(rows.Length, preprocessing.InputWidth);
        foreach (var (key, messages) in encoder.FindMissingColumns(rows))
            input.Errors[key] = messages;
        if (input.Errors.Count > 0)
            return input;
        for (int r = 0; r < rows.Length; r++)
        {
            encoder.Encode(rows[r], r, input.Inputs.AsSpan(r * preprocessing.InputWidth, preprocessing.InputWidth), input.Errors, input.Warnings);
            input.Actual[r] = encoder.ReadTarget(rows[r]);
        }

        return input;
    }

    private async Task<EncodedInput> EncodeDatasetAsync(FittedPreprocessing preprocessing, Guid datasetId, CancellationToken ct)
    {
        // Only the columns the model reads: a wide dataset scored by a model of a few features loads just those.
        var data = await store.LoadAvailableAsync(datasetId, [.. preprocessing.Features.Select(f => f.Name), preprocessing.Target.Name], ct);
        var input = new EncodedInput(data?.RowCount ?? 0, preprocessing.InputWidth);
        if (data is null)
            return input.Fail("datasetId", $"No dataset with id {datasetId}.");
        var byName = data.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var missing = preprocessing.Features.Where(f => !byName.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
            return input.Fail("datasetId", $"Dataset '{data.Name}' lacks the model's feature column(s): {string.Join(", ", missing)}.");

        var features = preprocessing.Features.Select(f => byName[f.Name]).ToList();
        int[] rows = Enumerable.Range(0, data.RowCount).ToArray();
        try
        {
            preprocessing.CheckColumnTypes(features);
            preprocessing.EncodeFeatures(features, rows, input.Inputs);
        }
        catch (TrainingDataException ex)
        {
            return input.Fail("datasetId", ex.Message);
        }

        foreach (var (column, count) in preprocessing.CountUnseenCategories(features, rows))
            input.Warnings.Add($"{column}: {count} row(s) have a category not seen in training, encoded as all zeros.");
        if (byName.TryGetValue(preprocessing.Target.Name, out var target))
            ReadActual(preprocessing.Target, target, input.Actual);
        return input;
    }

    internal static void ReadActual(TargetEncoding encoding, DatasetColumnData target, double?[] actual)
    {
        for (int r = 0; r < actual.Length; r++)
        {
            if (!FittedPreprocessing.HasTarget(target, r))
                continue;
            if (!encoding.IsClassification)
                actual[r] = target.Type == ColumnType.Numeric ? target.Values[r] : null;
            else if (Array.IndexOf(encoding.Labels, FittedPreprocessing.LabelOf(target, r)) is var label and >= 0)
                actual[r] = label;
        }
    }

    private static PredictionOutcome.Invalid Invalid(string field, string message) => new(new() { [field] = [message] });

    private sealed class EncodedInput(int rowCount, int inputWidth)
    {
        public int RowCount { get; } = rowCount;

        public float[] Inputs { get; } = new float[rowCount * inputWidth];

        public double?[] Actual { get; } = new double?[rowCount];

        public Dictionary<string, string[]> Errors { get; } = [];

        public List<string> Warnings { get; } = [];

        public EncodedInput Fail(string field, string message)
        {
            Errors[field] = [message];
            return this;
        }
    }
}
