using TrainingService.Core.Validation;

namespace TrainingService.Core.Models;

/// <summary>
/// Validates a whole create request in one pass, collecting every error by field path, and fills in the defaults.
/// Dataset-dependent checks (do the columns exist, how many classes) happen when a training job starts.
/// </summary>
internal static class CreateModelRequestValidator
{
    public static ValidatedModel? Validate(CreateModelRequest request, ValidationErrors errors)
    {
        string name = ValidateName(request.Name, errors);
        var task = ValidateTask(request.Task, errors);
        string target = ValidateTarget(request.TargetColumn, errors);
        var features = ValidateFeatures(request.FeatureColumns, target, errors);
        var layers = LayerRequestValidator.Validate(request.Layers, errors);
        var (loss, huberDelta) = ValidateLoss(request.Loss, request.HuberDelta, task, errors);
        var optimizer = OptimizerRequestValidator.Validate(request.Optimizer, errors);
        var regularization = ValidateRegularization(request.Regularization, errors);
        var initializer = errors.Enum("initializer", request.Initializer, WeightInitializer.He);
        var preprocessing = new PreprocessingDefinition(
            errors.Enum("preprocessing.numeric", request.Preprocessing?.Numeric, NumericScaling.Standardize),
            errors.Enum("preprocessing.missing", request.Preprocessing?.Missing, MissingValueStrategy.Mean));
        long seed = ValidateSeed(request.Seed, errors);

        if (!errors.IsEmpty || task is null)
            return null;
        return new ValidatedModel(name, new ModelDefinition(
            task.Value, target, features, layers, loss, huberDelta, optimizer, regularization, initializer, preprocessing, seed));
    }

    private static string ValidateName(string? name, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
            errors.Add("name", $"name is required (1 to {ModelDefinitionLimits.NameMaxLength} characters).");
        else if (name.Length > ModelDefinitionLimits.NameMaxLength)
            errors.Add("name", $"name must be at most {ModelDefinitionLimits.NameMaxLength} characters; got {name.Length}.");
        return name ?? string.Empty;
    }

    private static ModelTask? ValidateTask(string? task, ValidationErrors errors)
    {
        if (task is null)
        {
            errors.Add("task", $"task is required; use {WireEnum.Allowed<ModelTask>()}.");
            return null;
        }

        return WireEnum.TryParse(task, out ModelTask value) ? value : Invalid();

        ModelTask? Invalid()
        {
            errors.Add("task", $"'{task}' is not a valid task; use {WireEnum.Allowed<ModelTask>()}.");
            return null;
        }
    }

    private static string ValidateTarget(string? target, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(target))
            errors.Add("targetColumn", "targetColumn is required: the name of the dataset column to predict.");
        return target ?? string.Empty;
    }

    // Null or empty means "every column but the target", resolved against the dataset at training time.
    private static IReadOnlyList<string>? ValidateFeatures(IReadOnlyList<string?>? columns, string target, ValidationErrors errors)
    {
        if (columns is null || columns.Count == 0)
            return null;
        if (columns.Count > ModelDefinitionLimits.MaxFeatureColumns)
            errors.Add("featureColumns", $"At most {ModelDefinitionLimits.MaxFeatureColumns} feature columns are allowed; got {columns.Count}.");

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++)
        {
            string? column = columns[i];
            string path = $"featureColumns[{i}]";
            if (string.IsNullOrWhiteSpace(column))
                errors.Add(path, "A feature column name must not be empty.");
            else if (column == target)
                errors.Add(path, $"'{column}' is the target column; it cannot also be a feature.");
            else if (!seen.TryAdd(column, i))
                errors.Add(path, $"'{column}' is already listed at featureColumns[{seen[column]}].");
        }

        return [.. columns.Select(c => c ?? string.Empty)];
    }

    private static (LossFunction Loss, double? HuberDelta) ValidateLoss(string? text, double? huberDelta, ModelTask? task, ValidationErrors errors)
    {
        var loss = errors.Enum("loss", text, LossFunction.Auto);
        if (task == ModelTask.Regression && loss == LossFunction.Auto)
            loss = LossFunction.MeanSquaredError;

        LossFunction[] allowed = task == ModelTask.Regression
            ? [LossFunction.MeanSquaredError, LossFunction.MeanAbsoluteError, LossFunction.Huber]
            : [LossFunction.Auto, LossFunction.CategoricalCrossEntropy, LossFunction.BinaryCrossEntropy];
        if (task is not null && text is not null && WireEnum.TryParse(text, out LossFunction _) && !allowed.Contains(loss))
        {
            errors.Add("loss", $"Loss '{WireEnum.NameOf(loss)}' does not fit task {WireEnum.NameOf(task.Value)}; use one of: " +
                string.Join(", ", allowed.Select(WireEnum.NameOf)) + ".");
        }

        if (loss != LossFunction.Huber)
        {
            if (huberDelta is not null)
                errors.Add("huberDelta", "huberDelta applies only to loss huber.");
            return (loss, null);
        }

        errors.Range("huberDelta", huberDelta, v => v > 0, "greater than 0");
        return (loss, huberDelta ?? ModelOutput.DefaultHuberDelta);
    }

    private static RegularizationDefinition ValidateRegularization(RegularizationRequest? request, ValidationErrors errors)
    {
        errors.Range("regularization.l1", request?.L1, v => v >= 0, "0 or more");
        errors.Range("regularization.l2", request?.L2, v => v >= 0, "0 or more");
        errors.Range("regularization.maxNorm", request?.MaxNorm, v => v > 0, "greater than 0, or null for none");
        return new RegularizationDefinition(request?.L1 ?? 0, request?.L2 ?? 0, request?.MaxNorm);
    }

    // The default seed is drawn once here and stored, so every training run of the model is reproducible.
    private static long ValidateSeed(long? seed, ValidationErrors errors)
    {
        if (seed is < 0 or > ModelDefinitionLimits.MaxSeed)
            errors.Add("seed", $"seed must be between 0 and {ModelDefinitionLimits.MaxSeed}; got {seed}.");
        return seed ?? Random.Shared.NextInt64(0, int.MaxValue);
    }
}
