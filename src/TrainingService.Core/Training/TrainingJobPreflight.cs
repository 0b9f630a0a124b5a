using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Models;

namespace TrainingService.Core.Training;

/// <summary>
/// Checks a job request against its model and dataset(s) from the stored schemas and statistics, so a job that
/// cannot run is refused with a 400 instead of failing later in a worker.
/// </summary>
public sealed class TrainingJobPreflight(TrainingServiceDbContext db)
{
    public sealed record Outcome(Dictionary<string, string[]> Errors, TrainingJobOptions? Options);

    /// <summary>What the checks need of a column: its category count, not its (possibly huge) category dictionary.</summary>
    private sealed record ColumnFacts(string Name, ColumnType Type, int CategoryCount, double? Min, double? Max);

    public async Task<Outcome> CheckAsync(TrainingJobRequest request, CancellationToken ct)
    {
        var model = request.ModelId is { } modelId ? await db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.Id == modelId, ct) : null;
        var definition = model?.Definition;
        var errors = TrainingJobRequestRules.Validate(request, definition?.Seed ?? 0, out var options);
        if (request.ModelId is not null && model is null)
            errors["modelId"] = [$"No model with id {request.ModelId}."];

        var columns = await LoadColumnsAsync(request.DatasetId, "datasetId", errors, ct);
        var validationColumns = await LoadColumnsAsync(request.ValidationDatasetId, "validationDatasetId", errors, ct);
        if (definition is not null && columns is not null)
        {
            CheckModelFitsDataset(definition, columns, "datasetId", errors);
            if (validationColumns is not null)
                CheckModelFitsDataset(definition, validationColumns, "validationDatasetId", errors);
        }

        return new Outcome(errors, errors.Count == 0 ? options : null);
    }

    private async Task<Dictionary<string, ColumnFacts>?> LoadColumnsAsync(Guid? datasetId, string field, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (datasetId is null)
            return null;
        var schema = await new DatasetStore(db).LoadSchemaAsync(datasetId.Value, withCategories: false, ct);
        if (schema is null || schema.Columns.Count == 0)
        {
            errors[field] = [$"No dataset with id {datasetId}."];
            return null;
        }

        return schema.Columns.Select(c => new ColumnFacts(c.Name, c.Type, c.CategoryCount, c.Min, c.Max)).ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    private static void CheckModelFitsDataset(ModelDefinition definition, Dictionary<string, ColumnFacts> columns, string field, Dictionary<string, string[]> errors)
    {
        var problems = new List<string>();
        if (!columns.TryGetValue(definition.TargetColumn, out var target))
            problems.Add($"it has no column '{definition.TargetColumn}' (the model's targetColumn)");
        else
            problems.AddRange(TargetProblems(definition, target));

        var missing = (definition.FeatureColumns ?? []).Where(f => !columns.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            problems.Add($"it lacks the model's feature column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}");
        if (definition.FeatureColumns is null && columns.Count < 2)
            problems.Add("it has no column besides the target to learn from");
        if (problems.Count > 0)
            errors[field] = [$"The model cannot be trained on this dataset: {string.Join("; ", problems)}. Dataset columns: {string.Join(", ", columns.Keys)}."];
    }

    private static IEnumerable<string> TargetProblems(ModelDefinition definition, ColumnFacts target)
    {
        if (definition.Task == ModelTask.Regression)
        {
            if (target.Type != ColumnType.Numeric)
                yield return $"regression needs a numeric target, but '{target.Name}' is categorical";
            yield break;
        }

        int classes = target.Type == ColumnType.Categorical ? target.CategoryCount : target.Min < target.Max ? 2 : 1;
        if (classes < 2)
            yield return $"classification needs at least two classes, but '{target.Name}' has {classes}";
        else if (definition.Loss == LossFunction.BinaryCrossEntropy && target.Type == ColumnType.Categorical && classes != 2)
            yield return $"loss binaryCrossEntropy needs exactly two classes, but '{target.Name}' has {classes}";
    }
}
