using TrainingService.Core.Datasets;
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
public sealed class TrainingPreparation(DatasetStore store)
{
    public async Task<PreparedTraining> PrepareAsync(TrainingJob job, TrainingJobOptions options, ModelDefinition definition, int engineThreads, CancellationToken ct)
    {
        var dataset = await LoadAsync(job.DatasetId, ct);
        var (features, target) = SelectColumns(dataset, definition);
        int[] labeledRows = RowsWithTarget(target);
        bool classification = definition.Task == ModelTask.Classification;
        int classCount = classification ? PreprocessingFitter.ClassLabels(target).Length : 0;
        if (!ModelOutput.TryResolve(definition, classCount, out var output, out string error))
            throw new TrainingDataException(error);

        int[] trainRows, validationRows;
        if (options.ValidationDatasetId is null)
            (trainRows, validationRows) = DataSplit.Split(labeledRows, classification ? GroupKeys(target, labeledRows) : null, options.ValidationSplit, options.Seed);
        else
            (trainRows, validationRows) = (labeledRows, []);
        if (trainRows.Length == 0)
            throw new TrainingDataException($"No rows to train on: target '{definition.TargetColumn}' is missing in every row.");

        var preprocessing = PreprocessingFitter.Fit(features, target, trainRows, classification, output.Units,
            definition.Preprocessing.Numeric, definition.Preprocessing.Missing, engineThreads);
        var train = Encode(preprocessing, features, target, trainRows, engineThreads);
        var validation = await EncodeValidationAsync(preprocessing, definition, options, features, target, validationRows, engineThreads, ct);
        var networkSpec = ModelDefinitionMapping.ToNetworkSpec(definition, preprocessing.InputWidth, output);
        return new PreparedTraining(preprocessing, output, networkSpec, ToTrainerOptions(options, definition, output, engineThreads, validation is not null), train, validation);
    }

    private async Task<TrainingData?> EncodeValidationAsync(
        FittedPreprocessing preprocessing, ModelDefinition definition, TrainingJobOptions options,
        IReadOnlyList<DatasetColumnData> features, DatasetColumnData target, int[] validationRows, int threads, CancellationToken ct)
    {
        if (options.ValidationDatasetId is { } validationId)
        {
            var (validationFeatures, validationTarget) = SelectColumns(await LoadAsync(validationId, ct), definition, features.Select(f => f.Name).ToList());
            preprocessing.CheckColumnTypes(validationFeatures);
            int[] rows = RowsWithTarget(validationTarget);
            return rows.Length == 0 ? null : Encode(preprocessing, validationFeatures, validationTarget, rows, threads);
        }

        return validationRows.Length == 0 ? null : Encode(preprocessing, features, target, validationRows, threads);
    }

    private static TrainingData Encode(FittedPreprocessing preprocessing, IReadOnlyList<DatasetColumnData> features, DatasetColumnData target, int[] rows, int threads)
    {
        var x = new float[rows.Length * preprocessing.InputWidth];
        var y = new float[rows.Length * preprocessing.Target.OutputWidth];
        preprocessing.EncodeFeatures(features, rows, x, threads);
        preprocessing.EncodeTargets(target, rows, y);
        return new TrainingData(x, y, preprocessing.InputWidth, preprocessing.Target.OutputWidth);
    }

    private async Task<DatasetData> LoadAsync(Guid datasetId, CancellationToken ct) =>
        await store.LoadAsync(datasetId, null, ct) ?? throw new TrainingDataException($"Dataset {datasetId} no longer exists.");

    /// <summary>The feature columns (the model's list, else every column but the target, in dataset order) and the target.</summary>
    private static (IReadOnlyList<DatasetColumnData> Features, DatasetColumnData Target) SelectColumns(
        DatasetData data, ModelDefinition definition, IReadOnlyList<string>? featureNames = null)
    {
        var byName = data.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        DatasetColumnData Column(string name) => byName.TryGetValue(name, out var column)
            ? column
            : throw new TrainingDataException($"Dataset '{data.Name}' has no column '{name}'.");
        var names = featureNames ?? definition.FeatureColumns ?? data.Columns.Select(c => c.Name).Where(n => n != definition.TargetColumn).ToList();
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

    private static TrainerOptions ToTrainerOptions(TrainingJobOptions options, ModelDefinition definition, OutputLayerSpec output, int engineThreads, bool hasValidation) => new()
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
        MaxRuntime = options.MaxRuntimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    };

    private static LearningRateScheduleSpec ToSchedule(LearningRateScheduleSettings schedule, bool hasValidation) => new()
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
