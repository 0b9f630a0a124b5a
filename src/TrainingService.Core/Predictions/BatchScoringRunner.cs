using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Hosting;
using TrainingService.Core.Training;
using TrainingService.Core.Training.Preprocessing;

namespace TrainingService.Core.Predictions;

/// <summary>
/// The Hangfire job that scores one asynchronous <see cref="Prediction"/>: it reads the dataset
/// <see cref="PredictionOptions.ScoringChunkRows"/> rows at a time (only the model's columns), runs the network and
/// stores each chunk's rows with the progress in one transaction, so what a worker holds does not grow with the
/// dataset. Safe to re-run: a run after a crash or a host shutdown skips the chunks already stored (the chunk key is
/// (prediction, chunk index)), though it reads and scores them again for the evaluation and the warnings, which cover
/// every row. A user's cancel is seen between chunks.
/// </summary>
// No Hangfire retries: the runner records every failure on the prediction itself, and a retry would find it ended.
// Host shutdown and a killed worker are not failures: Hangfire re-queues or re-fetches the job and it resumes.
[Queue(Queues.Default)]
[AutomaticRetry(Attempts = 0)]
public sealed class BatchScoringRunner(
    IServiceScopeFactory scopes, IOptions<PredictionOptions> options, TimeProvider clock, ILogger<BatchScoringRunner> logger)
{
    public async Task RunAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["PredictionId"] = id });
        var tenantId = await db.Predictions.IgnoreQueryFilters().Where(p => p.Id == id).Select(p => (Guid?)p.TenantId).SingleOrDefaultAsync(ct);
        if (tenantId is null)
            return;
        db.TenantScope.Enter(tenantId.Value);
        // queued → running, or running again after a crash; a cancelled or finished prediction is left as it is.
        int claimed = await db.Predictions
            .Where(p => p.Id == id && (p.Status == PredictionStatus.Queued || p.Status == PredictionStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PredictionStatus.Running), ct);
        if (claimed == 0)
        {
            logger.LogInformation("Prediction {PredictionId} has already ended; nothing to do", id);
            return;
        }

        try
        {
            await ScoreAsync(db, scope.ServiceProvider.GetRequiredService<DatasetStore>(), id, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Host shutdown: the prediction stays running and Hangfire re-queues it; the next run resumes after the
            // last stored chunk.
            throw;
        }
        catch (TrainingDataException ex)
        {
            logger.LogWarning("Prediction {PredictionId} failed on its data: {Error}", id, ex.Message);
            await FailAsync(db, id, ex.Message);
        }
        catch (Exception ex)
        {
            // REVIEW: a transient database fault fails the prediction too, where training leaves it to Hangfire's
            // retries; the chunks stored stay, and a new request scores the dataset again.
            logger.LogError(ex, "Prediction {PredictionId} failed", id);
            await FailAsync(db, id, $"Scoring failed: {ex.Message}");
        }
    }

    private async Task ScoreAsync(TrainingServiceDbContext db, DatasetStore store, Guid id, CancellationToken ct)
    {
        var prediction = await db.Predictions.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.TrainingJobId, p.DatasetId, p.RowCount }).SingleAsync(ct);
        // Decoded once for the run: the Api's model cache is for requests, and a worker scores one prediction at a time.
        byte[] model = await db.TrainedModels.Where(t => t.TrainingJobId == prediction.TrainingJobId).Select(t => t.Data).SingleOrDefaultAsync(ct)
            ?? throw new TrainingDataException($"Training job {prediction.TrainingJobId} no longer has a trained model.");
        var (preprocessing, network) = TrainedModelFormat.Read(model, TrainedModelCache.PredictBatch);
        network.ServeOnly();
        Guid datasetId = prediction.DatasetId ?? throw new InvalidOperationException($"Prediction {id} has no dataset to score.");
        var columns = await ColumnsToReadAsync(store, preprocessing, datasetId, ct);
        bool hasTarget = columns.Count > preprocessing.Features.Count;

        int chunkRows = options.Value.ScoringChunkRows;
        int chunks = (prediction.RowCount + chunkRows - 1) / chunkRows;
        int stored = await db.PredictionResultChunks.CountAsync(c => c.PredictionId == id, ct);
        logger.LogInformation("Prediction {PredictionId}: {Rows} rows in {Chunks} chunks, {Stored} already stored", id, prediction.RowCount, chunks, stored);
        var inputs = new float[chunkRows * preprocessing.InputWidth];
        var outputs = new float[chunkRows * preprocessing.Target.OutputWidth];
        var evaluation = new ScoringEvaluation(preprocessing.Target, options.Value.MaxEvaluatedRows);
        var unseen = new Dictionary<string, long>(StringComparer.Ordinal);
        int[] fullChunk = Enumerable.Range(0, chunkRows).ToArray();
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            if (await db.Predictions.Where(p => p.Id == id).Select(p => p.CancelRequested).SingleAsync(ct))
            {
                await EndAsync(db, id, PredictionStatus.Cancelled, null, []);
                logger.LogInformation("Prediction {PredictionId} cancelled after {Chunks} chunks", id, chunk);
                return;
            }

            int first = chunk * chunkRows;
            int count = Math.Min(chunkRows, prediction.RowCount - first);
            var data = await store.LoadRangeAsync(datasetId, first, count, columns, ct)
                ?? throw new TrainingDataException($"Dataset {datasetId} was deleted while it was being scored.");
            var features = data.Columns.Take(preprocessing.Features.Count).ToList();
            int[] rows = count == chunkRows ? fullChunk : Enumerable.Range(0, count).ToArray();
            preprocessing.CheckColumnTypes(features);
            preprocessing.EncodeFeatures(features, rows, inputs);
            network.Predict(inputs, count, outputs);
            foreach (var (column, n) in preprocessing.CountUnseenCategories(features, rows))
                unseen[column] = unseen.GetValueOrDefault(column) + n;
            if (hasTarget)
                evaluation.Add(outputs, data.Columns[^1], count);
            if (chunk >= stored)
                await StoreChunkAsync(db, id, chunk, first, OutputDecoder.Decode(preprocessing.Target, outputs, count), ct);
        }

        var warnings = unseen.Select(u => $"{u.Key}: {u.Value} row(s) have a category not seen in training, encoded as all zeros.").ToList();
        if (evaluation.Skipped > 0)
            warnings.Add($"Evaluation covers the first {evaluation.Kept} rows that carry the target; {evaluation.Skipped} more were scored but not evaluated (Predictions:MaxEvaluatedRows).");
        await EndAsync(db, id, PredictionStatus.Succeeded, evaluation.Evaluate(), warnings);
        logger.LogInformation("Prediction {PredictionId} succeeded: {Rows} rows", id, prediction.RowCount);
    }

    /// <summary>The model's feature columns, in its order, then its target when the dataset has it.</summary>
    private static async Task<List<string>> ColumnsToReadAsync(DatasetStore store, FittedPreprocessing preprocessing, Guid datasetId, CancellationToken ct)
    {
        var schema = await store.LoadSchemaAsync(datasetId, withCategories: false, ct);
        if (schema is null || schema.Columns.Count == 0)
            throw TrainingDataException.DatasetGone(datasetId);
        var names = schema.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = preprocessing.Features.Where(f => !names.Contains(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
            throw new TrainingDataException($"Dataset '{schema.Name}' lacks the model's feature column(s): {string.Join(", ", missing)}.");
        List<string> columns = [.. preprocessing.Features.Select(f => f.Name)];
        if (names.Contains(preprocessing.Target.Name))
            columns.Add(preprocessing.Target.Name);
        return columns;
    }

    /// <summary>One chunk and the progress it makes, together: progress never counts a chunk that is not stored.</summary>
    private static async Task StoreChunkAsync(TrainingServiceDbContext db, Guid id, int chunk, int first, PredictedRow[] rows, CancellationToken ct)
    {
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            db.PredictionResultChunks.Add(new PredictionResultChunk { PredictionId = id, ChunkIndex = chunk, FirstRow = first, RowCount = rows.Length, Rows = rows });
            await db.SaveChangesAsync(token);
            await db.Predictions.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.RowsScored, first + rows.Length), token);
            await transaction.CommitAsync(token);
        }, ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>Running → <paramref name="status"/>, guarded: a prediction that ended meanwhile stays as it ended.</summary>
    private async Task EndAsync(TrainingServiceDbContext db, Guid id, PredictionStatus status, Evaluation.ModelEvaluation? evaluation, List<string> warnings)
    {
        var prediction = await db.Predictions.SingleOrDefaultAsync(p => p.Id == id && p.Status == PredictionStatus.Running);
        if (prediction is null)
            return;
        prediction.Status = status;
        prediction.FinishedAt = clock.GetUtcNow();
        prediction.Evaluation = evaluation;
        prediction.Metrics = PredictionMetrics.From(evaluation);
        prediction.Warnings = [.. warnings];
        await db.SaveChangesAsync();
    }

    private async Task FailAsync(TrainingServiceDbContext db, Guid id, string error)
    {
        db.ChangeTracker.Clear();
        await db.Predictions.Where(p => p.Id == id && p.Status == PredictionStatus.Running).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, PredictionStatus.Failed)
            .SetProperty(p => p.Error, error.Length > 2048 ? error[..2048] : error)
            .SetProperty(p => p.FinishedAt, clock.GetUtcNow()));
    }
}
