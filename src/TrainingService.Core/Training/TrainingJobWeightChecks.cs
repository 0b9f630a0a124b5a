using System.Globalization;
using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Training;

/// <summary>
/// Checks a job's <c>classWeights</c> and <c>weightColumn</c> against its model, its plan and its dataset(s), so a
/// weighting that cannot apply is a 400 naming the field rather than a failed job.
/// </summary>
internal static class TrainingJobWeightChecks
{
    /// <param name="targetCategories">The training dataset's target categories, or null for a numeric target.</param>
    public static void Check(
        ModelDefinition definition, TrainingJobParameters parameters, TrainingPlan plan, DatasetSchema dataset, DatasetSchema? validation,
        IReadOnlyList<string>? targetCategories, ValidationErrors errors)
    {
        if (parameters.ClassWeights is { } classWeights)
            CheckClassWeights(classWeights, plan, dataset, targetCategories, errors);
        if (parameters.WeightColumn is { } column)
        {
            CheckWeightColumn(definition, column, dataset, "datasetId", errors);
            if (validation is not null)
                CheckWeightColumn(definition, column, validation, "validationDatasetId", errors);
        }
    }

    private static void CheckClassWeights(
        ClassWeights weights, TrainingPlan plan, DatasetSchema dataset, IReadOnlyList<string>? targetCategories, ValidationErrors errors)
    {
        if (plan.Loss is not (LossFunction.BinaryCrossEntropy or LossFunction.CategoricalCrossEntropy))
        {
            errors.Add("classWeights", $"Class weights apply to the cross-entropy losses of classification; this job trains with {Wire(plan.Loss)}.");
            return;
        }

        var target = dataset.Columns.Single(c => c.Name == plan.TargetColumn);
        foreach (string label in weights.ByLabel?.Keys ?? Enumerable.Empty<string>())
        {
            bool known = targetCategories is not null
                ? targetCategories.Contains(label, StringComparer.Ordinal)
                // A numeric target's labels are its values; the schema bounds them, the job's fit checks them exactly.
                : float.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
                  && value.ToString(CultureInfo.InvariantCulture) == label && value >= target.Min && value <= target.Max;
            if (!known)
                errors.Add($"classWeights.{label}", targetCategories is null
                    ? $"'{label}' is not a class of target '{target.Name}', whose values run from {target.Min} to {target.Max}."
                    : $"'{label}' is not a class of target '{target.Name}'. Its classes: {string.Join(", ", targetCategories.Take(50))}.");
        }
    }

    /// <param name="field">The request field naming <paramref name="dataset"/>, for a column it lacks.</param>
    private static void CheckWeightColumn(ModelDefinition definition, string column, DatasetSchema dataset, string field, ValidationErrors errors)
    {
        var schema = dataset.Columns.FirstOrDefault(c => c.Name == column);
        string? problem = schema switch
        {
            null => $"Dataset '{dataset.Name}' ({field}) has no column '{column}'.",
            _ when column == definition.TargetColumn => $"'{column}' is the model's target column.",
            _ when definition.FeatureColumns?.Contains(column) == true => $"'{column}' is one of the model's featureColumns; a weight column is not a feature.",
            { Type: not ColumnType.Numeric } => $"Column '{column}' of dataset '{dataset.Name}' is categorical; weights must be numbers.",
            { MissingCount: > 0 } => $"Column '{column}' of dataset '{dataset.Name}' has {schema.MissingCount} missing value(s); every row needs a weight.",
            { Min: < 0 } => $"Column '{column}' of dataset '{dataset.Name}' has negative values (min {schema.Min}); weights must be 0 or more.",
            _ when definition.FeatureColumns is null && dataset.Columns.Count < 3 => $"Dataset '{dataset.Name}' has no column left to learn from besides the target and '{column}'.",
            _ => null,
        };
        if (problem is not null)
            errors.Add("weightColumn", problem);
    }

    private static string Wire(LossFunction loss) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(loss.ToString());
}
