using TrainingService.Core.Validation;
using TrainingService.Engine.Metrics;
using TrainingService.Engine.Schedules;

namespace TrainingService.Core.Training;

/// <summary>
/// Checks a job request on its own, collecting every error by field path, and fills in its defaults. Whether the
/// model and dataset exist and fit each other is <see cref="TrainingJobService"/>'s to check, from the stored schemas.
/// </summary>
internal static class TrainingJobRequestValidator
{
    // The monitors the service accepts: the engine's two losses, lower is better for both.
    private static readonly string[] Monitors = [MetricMonitor.ValidationLoss, MetricMonitor.TrainLoss];

    private static readonly IReadOnlyList<string> ScheduleTypes = WireEnum.Names(typeof(ScheduleType));

    public static void Validate(TrainingJobRequest request, ValidationErrors errors)
    {
        if (request.ModelId is null) errors.Add("modelId", "modelId is required.");
        if (request.DatasetId is null) errors.Add("datasetId", "datasetId is required.");
        if (request.Epochs is { } epochs && epochs is < 1 or > 100_000) errors.Add("epochs", "epochs must be between 1 and 100000.");
        if (request.BatchSize is { } batch && batch is < 1 or > 65_536) errors.Add("batchSize", "batchSize must be between 1 and 65536.");
        if (request.ValidationSplit is { } split && !(split >= 0 && split < 1)) errors.Add("validationSplit", "validationSplit must be at least 0 and below 1.");
        if (request.MaxRuntimeSeconds is { } runtime && runtime < 1) errors.Add("maxRuntimeSeconds", "maxRuntimeSeconds must be at least 1.");
        if (request.Seed is < 0) errors.Add("seed", "seed must be 0 or more.");
        ValidateEarlyStopping(request, errors);
        ValidateSchedule(request.LearningRateSchedule, errors);
        ValidateWeights(request, errors);
        if (request.ResumeOptimizer == true && request.InitFromJobId is null)
            errors.Add("resumeOptimizer", "resumeOptimizer needs initFromJobId: the job whose optimizer state to resume.");
        ValidateCrossValidation(request, errors);
    }

    /// <summary>The request's settings with every default filled in; the seed defaults to the model's.</summary>
    public static TrainingJobParameters ToParameters(TrainingJobRequest request, long modelSeed)
    {
        var defaults = new TrainingJobParameters();
        return new TrainingJobParameters
        {
            Epochs = request.Epochs ?? defaults.Epochs,
            BatchSize = request.BatchSize ?? defaults.BatchSize,
            ValidationDatasetId = request.ValidationDatasetId,
            ValidationSplit = request.ValidationDatasetId is null ? request.ValidationSplit ?? defaults.ValidationSplit : 0,
            Shuffle = request.Shuffle ?? defaults.Shuffle,
            EarlyStopping = request.EarlyStopping,
            LearningRateSchedule = request.LearningRateSchedule ?? defaults.LearningRateSchedule,
            MaxRuntimeSeconds = request.MaxRuntimeSeconds,
            Seed = request.Seed ?? modelSeed,
            ClassWeights = request.ClassWeights,
            WeightColumn = request.WeightColumn,
            InitFromJobId = request.InitFromJobId,
            ResumeOptimizer = request.ResumeOptimizer ?? false,
        };
    }

    private static void ValidateEarlyStopping(TrainingJobRequest request, ValidationErrors errors)
    {
        if (request.EarlyStopping is not { } early)
            return;
        if (!Monitors.Contains(early.Monitor))
            errors.Add("earlyStopping.monitor", $"Unknown monitor '{early.Monitor}'. Allowed: {string.Join(", ", Monitors)}.");
        else if (early.Monitor == MetricMonitor.ValidationLoss && request.ValidationSplit == 0 && request.ValidationDatasetId is null && request.CrossValidation is null)
            errors.Add("earlyStopping.monitor", "validationLoss needs validation data: set validationSplit above 0 or validationDatasetId.");
        if (early.Patience < 1)
            errors.Add("earlyStopping.patience", "patience must be at least 1.");
        if (early.MinDelta < 0)
            errors.Add("earlyStopping.minDelta", "minDelta must be 0 or more.");
    }

    /// <summary>The fold count alone; whether the dataset has rows (and classes) enough for it is checked against its schema.</summary>
    private static void ValidateCrossValidation(TrainingJobRequest request, ValidationErrors errors)
    {
        if (request.CrossValidation is not { } cv)
            return;
        if (cv.Folds is < 2 or > CrossValidationRequest.MaxFolds)
            errors.Add("crossValidation.folds", $"folds must be between 2 and {CrossValidationRequest.MaxFolds}.");
        if (request.ValidationDatasetId is not null)
            errors.Add("crossValidation", "Cross-validation validates on folds of the training dataset; leave validationDatasetId out.");
        // The folds train from fresh weights and the final job trains as long as they did on average; a start state fits neither.
        if (request.InitFromJobId is not null)
            errors.Add("crossValidation", "Cross-validation trains from fresh weights: leave initFromJobId out.");
    }

    /// <summary>The weights alone; whether the labels and the column exist, and the loss takes them, is checked against the model and dataset.</summary>
    private static void ValidateWeights(TrainingJobRequest request, ValidationErrors errors)
    {
        foreach (var (label, weight) in request.ClassWeights?.ByLabel ?? new Dictionary<string, double>())
            if (!(weight >= 0) || !double.IsFinite(weight))
                errors.Add($"classWeights.{label}", $"The weight of class '{label}' must be a finite number, 0 or more; got {weight}.");
        if (request.ClassWeights is { IsBalanced: false, ByLabel.Count: 0 })
            errors.Add("classWeights", "classWeights names no class: give \"balanced\" or at least one label → weight, or leave it out.");
        if (request.WeightColumn is { } column && (column.Length == 0 || column.Length > 256))
            errors.Add("weightColumn", "weightColumn must name a column (1 to 256 characters).");
    }

    private static void ValidateSchedule(LearningRateScheduleRequest? schedule, ValidationErrors errors)
    {
        if (schedule is null)
            return;
        // Exact wire names, as before: the engine's enum names in camelCase.
        if (!ScheduleTypes.Contains(schedule.Type))
            errors.Add("learningRateSchedule.type", $"Unknown schedule '{schedule.Type}'. Allowed: {string.Join(", ", ScheduleTypes)}.");
        if (schedule.StepSize < 1)
            errors.Add("learningRateSchedule.stepSize", "stepSize must be at least 1.");
        if (schedule.Gamma is { } gamma && !(gamma > 0 && gamma <= 1))
            errors.Add("learningRateSchedule.gamma", "gamma must be above 0 and at most 1.");
        if (!(schedule.Factor > 0 && schedule.Factor < 1))
            errors.Add("learningRateSchedule.factor", "factor must be above 0 and below 1.");
        if (schedule.Patience < 1)
            errors.Add("learningRateSchedule.patience", "patience must be at least 1.");
        if (schedule.MinLearningRate < 0)
            errors.Add("learningRateSchedule.minLearningRate", "minLearningRate must be 0 or more.");
    }
}
