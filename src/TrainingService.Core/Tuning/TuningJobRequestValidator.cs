using System.Globalization;
using System.Text.Json;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Tuning;

/// <summary>
/// Checks what a tuning request adds to a training job request, collecting every error by field path; search-space
/// errors are keyed <c>searchSpace['layers[5].units']</c>. The training fields go through
/// <see cref="TrainingJobRequestValidator"/> and the base model through <see cref="CreateModelRequestValidator"/>.
/// </summary>
internal static class TuningJobRequestValidator
{
    public const int MaxDimensions = 32;
    public const int MaxValues = 100;
    public const int DefaultTrials = 10;
    public const int DefaultParallel = 1;

    private static readonly string[] Types = ["float", "int", "categorical"];
    private static readonly string[] Scales = ["linear", "log"];

    public static string Key(string path) => $"searchSpace['{path}']";

    /// <summary>The request alone; returns the inline base definition when one was given and is valid.</summary>
    public static ModelDefinition? Validate(TuningJobRequest request, TuningOptions limits, ValidationErrors errors)
    {
        ModelDefinition? inline = null;
        if (request.BaseModel is not null && request.ModelId is not null)
            errors.Add("baseModel", "Give baseModel or modelId, not both.");
        else if (request.BaseModel is null && request.ModelId is null)
            errors.Add("baseModel", "baseModel (a model definition as for POST /api/models) or modelId is required.");
        else if (request.BaseModel is { } baseModel)
            inline = ValidateBaseModel(baseModel, errors);

        TrainingJobRequestValidator.Validate(request with { ModelId = request.ModelId ?? Guid.Empty }, errors);
        // Each trial trains its own model from fresh weights; another job's training state fits none of them.
        if (request.InitFromJobId is not null)
            errors.Add("initFromJobId", "Tuning trials start from fresh weights: leave initFromJobId out (continue the best trial's job afterwards instead).");
        if (request.Strategy is not null and not TrialSampler.Random and not TrialSampler.Grid)
            errors.Add("strategy", $"Unknown strategy '{request.Strategy}'. Allowed: {TrialSampler.Random}, {TrialSampler.Grid}.");
        if (request.MaxTrials is { } trials && (trials < 1 || trials > limits.MaxTrials))
            errors.Add("maxTrials", $"maxTrials must be between 1 and {limits.MaxTrials}.");
        if (request.MaxParallel is { } parallel && (parallel < 1 || parallel > limits.MaxParallel))
            errors.Add("maxParallel", $"maxParallel must be between 1 and {limits.MaxParallel} (Tuning__MaxParallel).");
        if (request.Pruning is { } pruning)
        {
            if (pruning.WarmupEpochs < 0) errors.Add("pruning.warmupEpochs", "warmupEpochs must be 0 or more.");
            if (pruning.StartupTrials < 1) errors.Add("pruning.startupTrials", "startupTrials must be at least 1.");
        }

        if (request.Objective?.Goal is { } goal && goal is not TuningMetric.Minimize and not TuningMetric.Maximize)
            errors.Add("objective.goal", $"Unknown goal '{goal}'. Allowed: {TuningMetric.Minimize}, {TuningMetric.Maximize}.");
        ValidateSearchSpace(request, limits, errors);
        return inline;
    }

    /// <summary>The objective against the base model's task and the request's validation data.</summary>
    public static TuningObjective? ValidateObjective(TuningJobRequest request, ModelDefinition definition, ValidationErrors errors)
    {
        var objective = request.Objective ?? new TuningObjective();
        if (TuningMetric.Parse(objective.Metric, definition.Task) is not { } metric)
        {
            errors.Add("objective.metric", $"Unknown metric '{objective.Metric}' for {WireEnum.NameOf(definition.Task)}. Allowed: {TuningMetric.Allowed(definition.Task)}.");
            return null;
        }

        if (metric.Validation && request.ValidationSplit == 0 && request.ValidationDatasetId is null && request.CrossValidation is null)
            errors.Add("objective.metric", $"{objective.Metric} needs validation data: set validationSplit above 0 or validationDatasetId.");
        return objective with { Goal = objective.Goal ?? metric.DefaultGoal };
    }

    /// <summary>
    /// Every path against the base, and each value a trial could take at its extremes (min, max, every listed value)
    /// through the same checks a trial gets, so a range that cannot work is a 400 now rather than failed trials later.
    /// </summary>
    public static void ValidateAgainstBase(
        IReadOnlyDictionary<string, SearchDimension> space, ModelDefinition definition, TrainingJobRequest training, ValidationErrors errors)
    {
        foreach (var (path, dimension) in space)
        {
            foreach (var value in Probes(dimension))
            {
                var probe = new ValidationErrors();
                TrialSettings.Apply(definition, training, new Dictionary<string, JsonElement> { [path] = value }, probe);
                if (probe.IsEmpty)
                    continue;
                var (field, messages) = probe.ToDictionary().First();
                errors.Add(Key(path), field == path ? $"{value.GetRawText()}: {messages[0]}" : $"{value.GetRawText()}: {field}: {messages[0]}");
                break;
            }
        }
    }

    /// <summary>The trials a request asks for: a grid's size, else maxTrials (default <see cref="DefaultTrials"/>).</summary>
    public static int TotalTrials(TuningJobRequest request) => request switch
    {
        { SearchSpace: null or { Count: 0 } } => 1,
        { Strategy: TrialSampler.Grid } => (int)request.SearchSpace.Values.Aggregate(1L, (n, d) => n * TrialSampler.GridCount(d!)!.Value),
        _ => request.MaxTrials ?? DefaultTrials,
    };

    private static IEnumerable<JsonElement> Probes(SearchDimension dimension)
    {
        if (dimension.Values is { Count: > 0 } values)
            return values;
        return dimension.Type == "int"
            ? [JsonSerializer.SerializeToElement((long)dimension.Min!.Value), JsonSerializer.SerializeToElement((long)dimension.Max!.Value)]
            : [JsonSerializer.SerializeToElement(dimension.Min!.Value), JsonSerializer.SerializeToElement(dimension.Max!.Value)];
    }

    private static ModelDefinition? ValidateBaseModel(CreateModelRequest baseModel, ValidationErrors errors)
    {
        var inner = new ValidationErrors();
        var validated = CreateModelRequestValidator.Validate(baseModel, inner);
        foreach (var (field, messages) in inner.ToDictionary())
            foreach (string message in messages)
                errors.Add($"baseModel.{field}", message);
        return validated?.Definition;
    }

    private static void ValidateSearchSpace(TuningJobRequest request, TuningOptions limits, ValidationErrors errors)
    {
        if (request.SearchSpace is not { Count: > 0 } space)
        {
            // Cross-validating the base model alone is a search of one point.
            if (request.CrossValidation is null)
                errors.Add("searchSpace", "searchSpace is required: at least one path (such as optimizer.learningRate) with its range or values, unless crossValidation is set.");
            return;
        }

        if (space.Count > MaxDimensions)
            errors.Add("searchSpace", $"At most {MaxDimensions} paths may be searched; got {space.Count}.");
        bool grid = request.Strategy == TrialSampler.Grid;
        long gridSize = 1;
        foreach (var (path, dimension) in space)
        {
            string key = Key(path);
            if (!DefinitionPath.IsWellFormed(path))
                errors.Add(key, $"Not a path: use field names and list indexes as the API spells them, such as optimizer.learningRate or layers[0].units (at most {DefinitionPath.MaxLength} characters).");
            else if (dimension is null)
                errors.Add(key, "A search dimension ({ \"type\", \"min\", \"max\", \"scale\", \"values\" }) is required.");
            else if (ValidateDimension(dimension, grid, key, errors) && grid)
                gridSize = Math.Min(long.MaxValue / MaxValues / 2, gridSize * Math.Max(1, TrialSampler.GridCount(dimension) ?? 1));
        }

        int cap = request.MaxTrials ?? limits.MaxTrials;
        if (grid && gridSize > cap)
            errors.Add("searchSpace", $"The grid has {gridSize} points, more than {(request.MaxTrials is null ? "Tuning__MaxTrials" : "maxTrials")} ({cap}).");
    }

    /// <returns>True when the dimension is valid.</returns>
    private static bool ValidateDimension(SearchDimension dimension, bool grid, string key, ValidationErrors errors)
    {
        int before = errors.ToDictionary().GetValueOrDefault(key)?.Length ?? 0;
        if (dimension.Type is null || !Types.Contains(dimension.Type))
        {
            errors.Add(key, $"type must be one of: {string.Join(", ", Types)}.");
            return false;
        }

        if (dimension.Scale is not null && !Scales.Contains(dimension.Scale))
            errors.Add(key, $"scale must be one of: {string.Join(", ", Scales)}.");
        if (dimension.Values is { } values)
        {
            if (values.Count is 0 or > MaxValues)
                errors.Add(key, $"values must list 1 to {MaxValues} values; got {values.Count}.");
            if (dimension.Min is not null || dimension.Max is not null)
                errors.Add(key, "Give min and max, or values, not both.");
            if (dimension.Type != "categorical" && values.Any(v => !IsNumber(v, dimension.Type == "int")))
                errors.Add(key, $"values of a {dimension.Type} dimension must be {(dimension.Type == "int" ? "integers" : "numbers")}.");
        }
        else if (dimension.Type == "categorical")
            errors.Add(key, "A categorical dimension needs values.");
        else if (dimension.Min is not { } min || dimension.Max is not { } max)
            errors.Add(key, $"A {dimension.Type} dimension needs min and max (or values).");
        else
        {
            if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
                errors.Add(key, $"min must not be above max; got min {Format(min)}, max {Format(max)}.");
            if (dimension.Scale == "log" && min <= 0)
                errors.Add(key, $"A log scale needs min above 0; got {Format(min)}.");
            if (dimension.Type == "int" && (min != Math.Floor(min) || max != Math.Floor(max) || Math.Abs(min) > int.MaxValue || Math.Abs(max) > int.MaxValue))
                errors.Add(key, "An int dimension's min and max must be integers.");
            if (grid && dimension.Type == "float")
                errors.Add(key, "Grid search takes a float dimension's values, not a range: list them in values.");
            if (grid && dimension.Type == "int" && max - min + 1 > 1000)
                errors.Add(key, "Grid search over an int range takes at most 1000 values; list the ones to try in values.");
        }

        return (errors.ToDictionary().GetValueOrDefault(key)?.Length ?? 0) == before;
    }

    private static bool IsNumber(JsonElement value, bool integer) =>
        value.ValueKind == JsonValueKind.Number && (!integer || value.TryGetInt64(out _));

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
