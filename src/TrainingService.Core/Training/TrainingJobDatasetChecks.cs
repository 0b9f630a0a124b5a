using System.Globalization;
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

    /// <summary>
    /// Refuses a job that would blow up a worker, each error naming its cause, the limit (a setting) and the fix:
    /// categorical features that are identifiers or too wide to one-hot encode, input matrices or a network beyond
    /// their limits and, when none of those explains it, a planned memory beyond the job limit. Every message states
    /// the plan's memory estimate.
    /// </summary>
    public static void CheckLimits(TrainingJobPlan plan, long datasetRows, TrainingOptions limits, ValidationErrors errors)
    {
        bool refused = false;
        var identifiers = plan.Features.Where(f => IsIdentifier(f, datasetRows, limits) || IsTooWide(f, limits)).ToList();
        foreach (var column in identifiers)
        {
            string why = IsIdentifier(column, datasetRows, limits)
                ? Invariant($"{column.CategoryCount:N0} distinct values in {datasetRows:N0} rows, so a value names a row rather than a group of rows, as an id does (Training__MaxCategoryShare: {limits.MaxCategoryShare:0.##} of the rows)")
                : Invariant($"{column.CategoryCount:N0} distinct values, more than Training__MaxOneHotWidth ({limits.MaxOneHotWidth:N0})");
            errors.Add("datasetId", Invariant(
                $"Column '{column.Name}' cannot be a feature: it is categorical with {why}. One-hot encoding would make it {column.CategoryCount:N0} inputs wide; ") +
                $"the job would need {plan.DescribeMemory()}. {LeaveOut(column, plan.Features.Except(identifiers).ToList())} " +
                "If it is a real category, merge its rare values into fewer groups before uploading.");
            refused = true;
        }

        if (plan.InputCells > limits.MaxInputCells)
        {
            errors.Add("datasetId", Invariant(
                $"The training data would be {plan.TrainingRows + plan.ValidationRows:N0} rows × {plan.InputWidth:N0} inputs = {plan.InputCells:N0} values, ") +
                Invariant($"more than Training__MaxInputCells ({limits.MaxInputCells:N0}); the job would need {plan.DescribeMemory()}. ") +
                $"{WidestFeatures(plan)}Train on fewer rows, or on fewer or narrower features (the model's \"featureColumns\").");
            refused = true;
        }

        if (plan.Parameters > limits.MaxParameters)
        {
            errors.Add("modelId", Invariant(
                $"The network would have {plan.Parameters:N0} parameters for {plan.InputWidth:N0} inputs, more than Training__MaxParameters ({limits.MaxParameters:N0}); ") +
                $"the job would need {plan.DescribeMemory()}. Use fewer units in the first layers (a dense layer has (inputs + 1) × units parameters), or fewer inputs.");
            refused = true;
        }

        if (!refused && plan.MemoryBytes > limits.MaxJobMemoryBytes)
        {
            errors.Add("datasetId",
                $"The job would need {plan.DescribeMemory()}, more than Training__MaxJobMemoryBytes ({TrainingJobPlan.FormatBytes(limits.MaxJobMemoryBytes)}). " +
                "Train on fewer rows or features, use a smaller model or batchSize, or raise the limit for workers that have the memory.");
        }
    }

    /// <summary>
    /// Every fold must hold rows to validate on, and with stratified folds a share of each class: at most rows / classes
    /// folds (rows alone for regression or unstratified folds).
    /// </summary>
    public static void CheckFolds(ModelDefinition definition, DatasetSchema dataset, CrossValidationRequest cv, ValidationErrors errors)
    {
        var target = dataset.Columns.FirstOrDefault(c => c.Name == definition.TargetColumn);
        int classes = definition.Task != ModelTask.Classification || !cv.Stratified || target is null ? 1
            : target.Type == ColumnType.Categorical ? Math.Max(1, target.CategoryCount) : 2;
        long most = dataset.RowCount / classes;
        if (cv.Folds > most)
            errors.Add("crossValidation.folds", Invariant(
                $"{cv.Folds} folds need more rows: the dataset has {dataset.RowCount:N0} rows") +
                (classes > 1 ? Invariant($" in {classes} classes, enough for at most {most:N0} stratified folds (rows / classes).") : Invariant($", enough for at most {most:N0} folds.")));
    }

    private static bool IsIdentifier(ColumnSchema column, long rows, TrainingOptions limits) =>
        column.Type == ColumnType.Categorical && column.CategoryCount > TrainingOptions.IdentifierMinCategories
        && column.CategoryCount >= limits.MaxCategoryShare * rows;

    private static bool IsTooWide(ColumnSchema column, TrainingOptions limits) =>
        column.Type == ColumnType.Categorical && column.CategoryCount > limits.MaxOneHotWidth;

    /// <summary>The categorical features that make up most of the width, when they do: the likely thing to drop.</summary>
    private static string WidestFeatures(TrainingJobPlan plan)
    {
        var widest = plan.Features.Where(f => f.Type == ColumnType.Categorical && f.CategoryCount >= Math.Max(10, plan.InputWidth / 4))
            .OrderByDescending(f => f.CategoryCount).Take(3).ToList();
        return widest.Count == 0
            ? string.Empty
            : $"Widest features: {string.Join(", ", widest.Select(f => Invariant($"'{f.Name}' ({f.CategoryCount:N0} inputs)")))}. ";
    }

    /// <summary>How to train without <paramref name="column"/>: the model's featureColumns as a JSON array (shortened beyond 20).</summary>
    private static string LeaveOut(ColumnSchema column, IReadOnlyList<ColumnSchema> others)
    {
        if (others.Count == 0)
            return $"Leave it out: drop '{column.Name}' from the CSV and add columns that describe the rows; the dataset has no other feature to learn from.";
        var names = others.Select(f => $"\"{f.Name}\"").ToList();
        string list = names.Count <= 20
            ? $"[{string.Join(", ", names)}]"
            : Invariant($"[{string.Join(", ", names.Take(20))}, … ({names.Count - 20:N0} more)]");
        return $"Leave it out: create the model with \"featureColumns\": {list} (the columns to learn from, without '{column.Name}'), or drop the column from the CSV.";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

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
