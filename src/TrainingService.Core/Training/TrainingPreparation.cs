using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Hosting;
using TrainingService.Core.Models;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Engine.Metrics;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Schedules;
using TrainingService.Engine.Training;

namespace TrainingService.Core.Training;

/// <summary>
/// Loads a job's dataset(s), splits the rows, fits the preprocessing on the training rows only and encodes both
/// sides for the engine. Problems with the data raise <see cref="TrainingDataException"/>: the job fails once.
/// </summary>
/// <remarks>
/// The target and the categorical features are loaded as columns (the split and the one-hot layout need them first);
/// the numeric features stream block by block into the input matrices (<see cref="FeatureMatrixBuilder"/>), which
/// are then encoded in place, so a job touches the memory of its matrices and not that of a column copy as well.
/// </remarks>
public sealed class TrainingPreparation(
    DatasetStore store, TrainingServiceDbContext db, PreparedDataCache cache, TrainingServiceMetrics metrics, ILogger<TrainingPreparation> logger)
{
    public async Task<PreparedTraining> PrepareAsync(TrainingJob job, TrainingJobParameters options, ModelDefinition definition, int engineThreads, CancellationToken ct)
    {
        var (preprocessing, output, train, validation) = await PrepareDataAsync(job, options, definition, engineThreads, ct);
        if (options.ClassWeights is { } classWeights)
            (train, validation) = await ApplyClassWeightsAsync(job, classWeights, preprocessing.Target.Labels, train, validation, ct);
        var networkSpec = ModelDefinitionMapping.ToNetworkSpec(definition, preprocessing.InputWidth, output);
        var trainerOptions = ToTrainerOptions(options, definition, output, engineThreads, validation is not null);
        // A continued job's epochs are numbered on from its first job's, as the trainer counts them from the checkpoint.
        trainerOptions = trainerOptions with { Epochs = job.StartEpoch + options.Epochs };
        return new PreparedTraining(preprocessing, output, networkSpec, trainerOptions, train, validation);
    }

    /// <summary>The job's data part: kept by this worker from an earlier job with the same key, else prepared and kept.</summary>
    private async Task<PreparedData> PrepareDataAsync(TrainingJob job, TrainingJobParameters options, ModelDefinition definition, int engineThreads, CancellationToken ct)
    {
        string? key = PreparedDataKey.Of(job, options, definition);
        if (cache.Find(key) is { } kept)
        {
            // Kept data outlives its datasets; a job must still fail when one was deleted under it.
            await CheckDatasetExistsAsync(job.RecordedDatasetId, ct);
            if (options.ValidationDatasetId is { } validationId)
                await CheckDatasetExistsAsync(validationId, ct);
            logger.LogInformation("Training job {TrainingJobId} reuses the prepared data of an earlier job of this worker", job.Id);
            metrics.Prepared(reused: true);
            return kept;
        }

        var data = await PrepareFromDatasetAsync(job, options, definition, engineThreads, ct);
        if (key is not null)
            cache.Keep(key, data);
        metrics.Prepared(reused: false);
        return data;
    }

    private async Task CheckDatasetExistsAsync(Guid id, CancellationToken ct)
    {
        if (!await db.Datasets.AnyAsync(d => d.Id == id, ct))
            throw TrainingDataException.DatasetGone(id);
    }

    private async Task<PreparedData> PrepareFromDatasetAsync(TrainingJob job, TrainingJobParameters options, ModelDefinition definition, int engineThreads, CancellationToken ct)
    {
        // A continued job keeps the preprocessing its first job fitted: its first layer's weights were trained on those inputs.
        var kept = options.InitFromJobId is { } fromId ? await LoadKeptPreprocessingAsync(fromId, ct) : null;
        var (dataset, features, target, weightColumn) = await LoadColumnsAsync(
            job.RecordedDatasetId, definition, kept?.Features.Select(f => f.Name).ToList(), options.WeightColumn, ct);
        kept?.CheckColumnTypes(features);
        int[] labeledRows = RowsWithTarget(target);
        bool classification = definition.Task == ModelTask.Classification;
        int classCount = !classification ? 0 : kept?.Target.Labels.Length ?? PreprocessingFitter.ClassLabels(target).Length;
        if (!ModelOutput.TryResolve(definition, classCount, out var output, out string error))
            throw new TrainingDataException(error);

        int[] trainRows, validationRows;
        if (options.Fold is { } fold)
            (trainRows, validationRows) = DataSplit.Fold(labeledRows, classification && fold.Stratified ? GroupKeys(target, labeledRows) : null, fold.Folds, fold.Index, options.Seed);
        else if (options.ValidationDatasetId is null)
            (trainRows, validationRows) = DataSplit.Split(labeledRows, classification ? GroupKeys(target, labeledRows) : null, options.ValidationSplit, options.Seed);
        else
            (trainRows, validationRows) = (labeledRows, []);
        if (trainRows.Length == 0)
            throw new TrainingDataException($"No rows to train on: target '{definition.TargetColumn}' is missing in every row.");

        FittedPreprocessing preprocessing;
        FeatureMatrixBuilder matrices;
        if (kept is not null)
        {
            preprocessing = kept;
            matrices = await StreamNumericFeaturesAsync(dataset, features, kept.Layout, trainRows, validationRows, gatherStatistics: false, ct);
        }
        else
        {
            // One-hot widths come from the categories seen in training, so categorical features are fitted first.
            var encodings = features.Select(f => f.Type == ColumnType.Categorical ? PreprocessingFitter.FitCategorical(f, trainRows) : null).ToArray();
            var layout = new FeatureLayout([.. encodings.Select(e => e?.Width)]);
            matrices = await StreamNumericFeaturesAsync(dataset, features, layout, trainRows, validationRows, gatherStatistics: true, ct);
            int[] numeric = layout.NumericFeatures.ToArray();
            var statistics = matrices.Statistics(numeric.Length);
            for (int k = 0; k < numeric.Length; k++)
                encodings[numeric[k]] = statistics[k].ToEncoding(features[numeric[k]].Name, definition.Preprocessing.Numeric, definition.Preprocessing.Missing);
            preprocessing = new FittedPreprocessing(encodings!, PreprocessingFitter.FitTarget(target, trainRows, classification, output.Units), definition.Preprocessing.Missing);
        }

        var train = Encode(preprocessing, features, target, trainRows, matrices.Train, engineThreads);
        var validation = options.ValidationDatasetId is { } validationId
            ? await PrepareValidationDatasetAsync(preprocessing, definition, validationId, options.WeightColumn, engineThreads, ct)
            : validationRows.Length == 0 ? null : Encode(preprocessing, features, target, validationRows, matrices.Validation, engineThreads) with
            {
                SampleWeights = weightColumn is null ? null : RowWeights(weightColumn, validationRows),
            };
        if (weightColumn is not null)
            train = train with { SampleWeights = RowWeights(weightColumn, trainRows) };
        return new PreparedData(preprocessing, output, train, validation);
    }

    /// <summary>The fitted preprocessing stored with the trained model of the job a continued job starts from.</summary>
    private async Task<FittedPreprocessing> LoadKeptPreprocessingAsync(Guid fromId, CancellationToken ct)
    {
        // Read from the first job's trained model at each run; that job cannot be deleted while this one is queued or
        // running (TrainingJobService.DeleteAsync), except in a race with this job's creation, which this message covers.
        byte[] model = await db.TrainedModels.Where(t => t.TrainingJobId == fromId).Select(t => t.Data).SingleOrDefaultAsync(ct)
            ?? throw new TrainingDataException($"initFromJobId: job {fromId}, whose preprocessing this job keeps, was deleted before this job trained.");
        return TrainedModelFormat.Read(model, maxBatchSize: 1).Preprocessing;
    }

    /// <summary>
    /// Multiplies each row's weight (1, or its weight column's) by its class's, resolved from the fitted labels and the
    /// training rows' classes, and records the resolved weights in the job's plan.
    /// </summary>
    private async Task<(TrainingData Train, TrainingData? Validation)> ApplyClassWeightsAsync(
        TrainingJob job, ClassWeights classWeights, string[] labels, TrainingData train, TrainingData? validation, CancellationToken ct)
    {
        // The request was checked against the schema; a numeric target's values are only known here.
        foreach (string label in classWeights.ByLabel?.Keys ?? Enumerable.Empty<string>())
            if (!labels.Contains(label, StringComparer.Ordinal))
                throw new TrainingDataException($"classWeights.{label}: '{label}' is not a class of the target. Its classes: {string.Join(", ", labels.Take(50))}.");
        int[] trainClasses = ClassesOf(train);
        double[] weights = classWeights.Resolve(labels, trainClasses);
        train = train with { SampleWeights = WeighByClass(train.SampleWeights, trainClasses, weights) };
        if (validation is not null)
            validation = validation with { SampleWeights = WeighByClass(validation.SampleWeights, ClassesOf(validation), weights) };

        var resolved = labels.Select((label, c) => (label, c)).ToDictionary(p => p.label, p => weights[p.c], StringComparer.Ordinal);
        if (job.Plan is { } plan)
        {
            var withWeights = plan with { ClassWeights = new PlannedClassWeights(PlannedClassWeights.Of(classWeights)!.Mode, resolved) };
            await db.TrainingJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Plan, withWeights), ct);
        }
        return (train, validation);
    }

    /// <summary>Each row's class index from its encoded target: the 0/1 of a single sigmoid unit, else the one-hot position.</summary>
    private static int[] ClassesOf(TrainingData data)
    {
        var classes = new int[data.Rows];
        int width = data.TargetSize;
        for (int r = 0; r < classes.Length; r++)
            classes[r] = width == 1 ? (int)data.Targets[r] : data.Targets.AsSpan(r * width, width).IndexOf(1f);
        return classes;
    }

    private static float[] WeighByClass(float[]? rowWeights, int[] classes, double[] classWeights)
    {
        var weights = new float[classes.Length];
        for (int r = 0; r < weights.Length; r++)
            weights[r] = (float)classWeights[classes[r]] * (rowWeights?[r] ?? 1f);
        return weights;
    }

    /// <summary>The weight column's values for <paramref name="rows"/>; the job's checks refused missing and negative ones.</summary>
    private static float[] RowWeights(DatasetColumnData weightColumn, int[] rows)
    {
        var weights = new float[rows.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            float w = weightColumn.Values[rows[r]];
            weights[r] = w >= 0f && float.IsFinite(w)
                ? w
                : throw new TrainingDataException($"weightColumn: column '{weightColumn.Name}' has a missing or negative weight ({w}) in row {rows[r] + 1}.");
        }
        return weights;
    }

    private async Task<TrainingData?> PrepareValidationDatasetAsync(
        FittedPreprocessing preprocessing, ModelDefinition definition, Guid validationId, string? weightColumnName, int threads, CancellationToken ct)
    {
        var (dataset, features, target, weightColumn) = await LoadColumnsAsync(
            validationId, definition, preprocessing.Features.Select(f => f.Name).ToList(), weightColumnName, ct);
        preprocessing.CheckColumnTypes(features);
        int[] rows = RowsWithTarget(target);
        if (rows.Length == 0)
            return null;
        var matrices = await StreamNumericFeaturesAsync(dataset, features, preprocessing.Layout, [], rows, gatherStatistics: false, ct);
        return Encode(preprocessing, features, target, rows, matrices.Validation, threads) with
        {
            SampleWeights = weightColumn is null ? null : RowWeights(weightColumn, rows),
        };
    }

    /// <summary>
    /// The dataset's schema, its feature columns (categorical ones with their values, numeric ones without: those
    /// are streamed), its target column with values and the weight column with values, if the job has one.
    /// </summary>
    private async Task<(DatasetSchema Dataset, List<DatasetColumnData> Features, DatasetColumnData Target, DatasetColumnData? Weights)> LoadColumnsAsync(
        Guid datasetId, ModelDefinition definition, IReadOnlyList<string>? featureNames, string? weightColumn, CancellationToken ct)
    {
        var dataset = await store.LoadSchemaAsync(datasetId, withCategories: true, ct) ?? throw TrainingDataException.DatasetGone(datasetId);
        var (features, target) = SelectColumns(dataset, definition, featureNames, weightColumn);
        var weights = weightColumn is null ? null : dataset.Columns.FirstOrDefault(c => c.Name == weightColumn)
            ?? throw new TrainingDataException($"weightColumn: dataset '{dataset.Name}' has no column '{weightColumn}'.");
        var inMemory = features.Where(f => f.Type == ColumnType.Categorical).Prepend(target);
        if (weights is not null)
            inMemory = inMemory.Append(weights);
        var loaded = (await store.LoadValuesAsync(dataset, inMemory.DistinctBy(c => c.Name).ToList(), ct)).ToDictionary(c => c.Name, StringComparer.Ordinal);
        return (dataset, [.. features.Select(f => loaded.GetValueOrDefault(f.Name) ?? f.WithValues([]))], loaded[target.Name],
            weights is null ? null : loaded[weights.Name]);
    }

    /// <summary>Streams the numeric features' raw values into their slots of input matrices laid out by <paramref name="layout"/>.</summary>
    private async Task<FeatureMatrixBuilder> StreamNumericFeaturesAsync(
        DatasetSchema dataset, List<DatasetColumnData> features, FeatureLayout layout, int[] trainRows, int[] validationRows,
        bool gatherStatistics, CancellationToken ct)
    {
        var (slots, ordinals) = NumericSlotsAndOrdinals(features, layout);
        var builder = new FeatureMatrixBuilder(checked((int)dataset.RowCount), trainRows, validationRows, slots, layout.Width, gatherStatistics);
        await store.StreamColumnBlocksAsync(dataset.Id, dataset.RowCount, ordinals, builder.Add, ct);
        return builder;
    }

    /// <summary>Per numeric feature, in the order they are streamed, its slot in an input row and its column's ordinal.</summary>
    private static (int[] Slots, int[] Ordinals) NumericSlotsAndOrdinals(List<DatasetColumnData> features, FeatureLayout layout)
    {
        var numeric = layout.NumericFeatures;
        var (slots, ordinals) = (new int[numeric.Length], new int[numeric.Length]);
        for (int k = 0; k < numeric.Length; k++)
            (slots[k], ordinals[k]) = (layout.Offsets[numeric[k]], features[numeric[k]].Ordinal);
        return (slots, ordinals);
    }

    private static TrainingData Encode(FittedPreprocessing preprocessing, IReadOnlyList<DatasetColumnData> features, DatasetColumnData target, int[] rows, float[] x, int threads)
    {
        var y = new float[rows.Length * preprocessing.Target.OutputWidth];
        preprocessing.EncodeInPlace(features, rows, x, threads);
        preprocessing.EncodeTargets(target, rows, y);
        return new TrainingData(x, y, preprocessing.InputWidth, preprocessing.Target.OutputWidth);
    }

    /// <summary>The feature columns (the model's list, else every column but the target, in dataset order) and the target.</summary>
    private static (IReadOnlyList<ColumnSchema> Features, ColumnSchema Target) SelectColumns(
        DatasetSchema data, ModelDefinition definition, IReadOnlyList<string>? featureNames, string? weightColumn)
    {
        var byName = data.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        ColumnSchema Column(string name) => byName.TryGetValue(name, out var column)
            ? column
            : throw new TrainingDataException($"Dataset '{data.Name}' has no column '{name}'.");
        var names = featureNames ?? FeatureColumns.Of(definition, data.Columns.Select(c => c.Name), weightColumn);
        var target = Column(definition.TargetColumn);
        if (definition.Task == ModelTask.Regression && target.Type != ColumnType.Numeric)
            throw new TrainingDataException($"Regression needs a numeric target; '{target.Name}' in dataset '{data.Name}' is categorical.");
        return (names.Select(Column).ToList(), target);
    }

    private static int[] RowsWithTarget(DatasetColumnData target) =>
        Enumerable.Range(0, target.Values.Length).Where(r => FittedPreprocessing.HasTarget(target, r)).ToArray();

    private static int[] GroupKeys(DatasetColumnData target, int[] rows)
    {
        var keys = new Dictionary<float, int>();
        return Array.ConvertAll(rows, r => keys.TryGetValue(target.Values[r], out int k) ? k : keys[target.Values[r]] = keys.Count);
    }

    private static TrainerOptions ToTrainerOptions(TrainingJobParameters options, ModelDefinition definition, OutputLayerSpec output, int engineThreads, bool hasValidation) => new()
    {
        Epochs = options.Epochs,
        BatchSize = options.BatchSize,
        Shuffle = options.Shuffle,
        Loss = ModelDefinitionMapping.ToLossKind(output),
        HuberDelta = (float?)output.HuberDelta,
        Optimizer = ModelDefinitionMapping.ToOptimizerSpec(definition.Optimizer),
        // The network spec carries every layer's effective l1/l2/maxNorm, so the trainer's globals stay off.
        L1 = 0,
        L2 = 0,
        GradientClipNorm = (float?)definition.Optimizer.GradientClipNorm,
        Schedule = ToSchedule(options.LearningRateSchedule, hasValidation),
        EarlyStopping = options.EarlyStopping is { } early ? new EarlyStoppingOptions
        {
            Monitor = early.Monitor,
            Patience = early.Patience,
            MinDelta = early.MinDelta,
            RestoreBestWeights = early.RestoreBestWeights,
        } : null,
        MaxThreads = engineThreads,
        Seed = (ulong)options.Seed,
        // MaxRuntime is what is left of the job's budget when it trains: TrainingJobRunner sets it (JobRunTime).
    };

    private static LearningRateScheduleSpec ToSchedule(LearningRateScheduleRequest schedule, bool hasValidation) => new()
    {
        Type = Enum.Parse<ScheduleType>(schedule.Type, ignoreCase: true),
        StepSize = schedule.StepSize,
        Gamma = schedule.Gamma,
        MinLearningRate = schedule.MinLearningRate,
        Factor = schedule.Factor,
        Patience = schedule.Patience,
        Monitor = hasValidation ? MetricMonitor.ValidationLoss : MetricMonitor.TrainLoss,
    };
}
