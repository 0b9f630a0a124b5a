using TrainingService.Engine.Metrics;

namespace TrainingService.Core.Training;

/// <summary>Checks a job request on its own (not yet against the model and dataset) and fills in its defaults.</summary>
public static class TrainingJobRequestRules
{
    public static readonly string[] Monitors = [MetricMonitor.ValidationLoss, MetricMonitor.TrainLoss];

    public static readonly string[] ScheduleTypes = ["constant", "step", "exponential", "cosine", "reduceOnPlateau"];

    public static Dictionary<string, string[]> Validate(TrainingJobRequest request, long modelSeed, out TrainingJobOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (request.ModelId is null) Fail("modelId", "modelId is required.");
        if (request.DatasetId is null) Fail("datasetId", "datasetId is required.");
        if (request.Epochs is { } epochs && epochs is < 1 or > 100_000) Fail("epochs", "epochs must be between 1 and 100000.");
        if (request.BatchSize is { } batch && batch is < 1 or > 65_536) Fail("batchSize", "batchSize must be between 1 and 65536.");
        if (request.ValidationSplit is { } split && !(split >= 0 && split < 1)) Fail("validationSplit", "validationSplit must be at least 0 and below 1.");
        if (request.MaxRuntimeSeconds is { } runtime && runtime < 1) Fail("maxRuntimeSeconds", "maxRuntimeSeconds must be at least 1.");
        if (request.Seed is < 0) Fail("seed", "seed must be 0 or more.");
        ValidateEarlyStopping(request.EarlyStopping, request.ValidationSplit, request.ValidationDatasetId, Fail);
        ValidateSchedule(request.LearningRateSchedule, Fail);

        var defaults = new TrainingJobOptions();
        options = new TrainingJobOptions
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
        };
        return errors;
    }

    private static void ValidateEarlyStopping(EarlyStoppingSettings? early, double? split, Guid? validationDatasetId, Action<string, string> fail)
    {
        if (early is null)
            return;
        if (!Monitors.Contains(early.Monitor))
            fail("earlyStopping.monitor", $"Unknown monitor '{early.Monitor}'. Allowed: {string.Join(", ", Monitors)}.");
        else if (early.Monitor == MetricMonitor.ValidationLoss && split == 0 && validationDatasetId is null)
            fail("earlyStopping.monitor", "validationLoss needs validation data: set validationSplit above 0 or validationDatasetId.");
        if (early.Patience < 1)
            fail("earlyStopping.patience", "patience must be at least 1.");
        if (early.MinDelta < 0)
            fail("earlyStopping.minDelta", "minDelta must be 0 or more.");
    }

    private static void ValidateSchedule(LearningRateScheduleSettings? schedule, Action<string, string> fail)
    {
        if (schedule is null)
            return;
        if (!ScheduleTypes.Contains(schedule.Type))
            fail("learningRateSchedule.type", $"Unknown schedule '{schedule.Type}'. Allowed: {string.Join(", ", ScheduleTypes)}.");
        if (schedule.StepSize < 1)
            fail("learningRateSchedule.stepSize", "stepSize must be at least 1.");
        if (schedule.Gamma is { } gamma && !(gamma > 0 && gamma <= 1))
            fail("learningRateSchedule.gamma", "gamma must be above 0 and at most 1.");
        if (!(schedule.Factor > 0 && schedule.Factor < 1))
            fail("learningRateSchedule.factor", "factor must be above 0 and below 1.");
        if (schedule.Patience < 1)
            fail("learningRateSchedule.patience", "patience must be at least 1.");
        if (schedule.MinLearningRate < 0)
            fail("learningRateSchedule.minLearningRate", "minLearningRate must be 0 or more.");
    }
}
