using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Training;

/// <summary>
/// Checks a model against a dataset's stored schema and statistics, so a job that cannot run is refused with a 400
/// instead of failing later in a worker.
/// </summary>
internal static class TrainingJobDatasetChecks
{
    /// <param name="field">The request field naming the dataset ("datasetId", "validationDatasetId").</param>
    public static void CheckModelFitsDataset(ModelDefinition definition, IReadOnlyDictionary<string, ColumnSchema> columns, string field, ValidationErrors errors)
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
            errors.Add(field, $"The model cannot be trained on this dataset: {string.Join("; ", problems)}. Dataset columns: {string.Join(", ", columns.Keys)}.");
    }

    private static IEnumerable<string> TargetProblems(ModelDefinition definition, ColumnSchema target)
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
