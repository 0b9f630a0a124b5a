using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Evaluation;
using TrainingService.Core.Training;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Predictions;

/// <summary>
/// Runs a model's trained network over rows sent inline or a stored dataset, with the preprocessing fitted at
/// training time, and stores the predictions (and metrics, where the target is present).
/// </summary>
public sealed class PredictionService(TrainingServiceDbContext db, DatasetStore store, TrainedModelCache trainedModels, TimeProvider clock)
{
    public async Task<PredictionOutcome> PredictAsync(Guid modelId, PredictionRequest request, CancellationToken ct)
    {
        var model = await db.Models.Where(m => m.Id == modelId)
            .Select(m => new { DefaultJobId = m.ProductionTrainingJobId ?? m.LatestTrainingJobId }).SingleOrDefaultAsync(ct);
        if (model is null)
            return new PredictionOutcome.NotFound();
        var shapeErrors = new ValidationErrors();
        PredictionRequestValidator.Validate(request, shapeErrors);
        if (!shapeErrors.IsEmpty)
            return new PredictionOutcome.Invalid(shapeErrors.ToDictionary());

        // The production pin when there is one, else the latest succeeded job.
        Guid? jobId = request.TrainingJobId ?? model.DefaultJobId;
        if (jobId is null)
            return new PredictionOutcome.NotTrained($"Model {modelId} has no trained job yet: train it with POST /api/training-jobs first.");
        if (request.TrainingJobId is { } named && !await db.TrainingJobs.AnyAsync(j => j.Id == named && j.ModelId == modelId, ct))
            return Invalid("trainingJobId", $"Training job {named} is not a job of model {modelId}.");
        // Asked even when the network is cached: the job may have been deleted since, and only this query knows
        // whether the caller's tenant may use it.
        using var lease = await db.TrainedModels.AnyAsync(t => t.TrainingJobId == jobId, ct)
            ? await trainedModels.RentAsync(jobId.Value, token => LoadTrainedModel(jobId.Value, token), ct)
            : null;
        if (lease is null)
            return new PredictionOutcome.NotTrained($"Training job {jobId} has no trained model: it has not succeeded (nor kept a best epoch).");
        var (preprocessing, network) = (lease.Preprocessing, lease.Network);
        var encoded = request.Rows is { } rows ? EncodeRows(preprocessing, rows) : await EncodeDatasetAsync(preprocessing, request.DatasetId!.Value, ct);
        if (encoded.Errors.Count > 0)
            return new PredictionOutcome.Invalid(encoded.Errors);

        var outputs = new float[encoded.RowCount * preprocessing.Target.OutputWidth];
        network.Predict(encoded.Inputs, encoded.RowCount, outputs);
        var predicted = OutputDecoder.Decode(preprocessing.Target, outputs, encoded.RowCount);
        var evaluation = ModelEvaluator.Evaluate(preprocessing.Target, outputs, encoded.Actual);
        var metrics = PredictionMetrics.From(evaluation);
        var prediction = new Prediction
        {
            Id = Guid.CreateVersion7(),
            ModelId = modelId,
            TrainingJobId = jobId.Value,
            CreatedAt = clock.GetUtcNow(),
            RowCount = encoded.RowCount,
            Results = predicted,
            Metrics = metrics,
            Evaluation = evaluation,
            Warnings = encoded.Warnings.ToArray(),
        };
        db.Predictions.Add(prediction);
        await db.SaveChangesAsync(ct);
        return new PredictionOutcome.Created(prediction, predicted, metrics, evaluation);
    }

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

    private static void ReadActual(TargetEncoding encoding, DatasetColumnData target, double?[] actual)
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
