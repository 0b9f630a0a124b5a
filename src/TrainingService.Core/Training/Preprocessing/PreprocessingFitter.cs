using System.Globalization;
using TrainingService.Core.Datasets;
using TrainingService.Core.Models;

namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// Fits the preprocessing on the training rows only, so nothing about the validation rows leaks into training: the
/// target and the categorical features here, the numeric features from their streamed statistics
/// (<see cref="NumericStatistics.ToEncoding"/>).
/// </summary>
public static class PreprocessingFitter
{
    public static TargetEncoding FitTarget(DatasetColumnData target, ReadOnlySpan<int> trainRows, bool classification, int outputUnits) =>
        classification ? FitClasses(target, outputUnits) : FitRegressionTarget(target, trainRows);

    /// <summary>The class labels of a target: categories in the dataset's order, numbers in ascending order.</summary>
    public static string[] ClassLabels(DatasetColumnData target)
    {
        if (target.Type == ColumnType.Categorical)
        {
            var categories = target.Categories;
            var present = new bool[categories.Count];
            foreach (float v in target.Values)
                if (!float.IsNaN(v)) present[(int)v] = true;
            return categories.Where((_, i) => present[i]).ToArray();
        }

        return target.Values.Where(v => !float.IsNaN(v)).Distinct().Order()
            .Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The categories of <paramref name="column"/> present in the training rows, in the dataset's order.</summary>
    public static FeatureEncoding FitCategorical(DatasetColumnData column, ReadOnlySpan<int> rows)
    {
        var seen = new bool[column.Categories.Count];
        foreach (int row in rows)
        {
            float v = column.Values[row];
            if (!float.IsNaN(v)) seen[(int)v] = true;
        }

        return new FeatureEncoding(column.Name, true, 0f, 1f, 0f, column.Categories.Where((_, i) => seen[i]).ToArray());
    }

    private static TargetEncoding FitClasses(DatasetColumnData target, int outputUnits)
    {
        string[] labels = ClassLabels(target);
        if (labels.Length < 2)
            throw new TrainingDataException($"Target '{target.Name}' has {labels.Length} class(es); classification needs at least two.");
        return new TargetEncoding(target.Name, true, labels, 0f, 1f, outputUnits);
    }

    private static TargetEncoding FitRegressionTarget(DatasetColumnData target, ReadOnlySpan<int> rows)
    {
        if (target.Type == ColumnType.Categorical)
            throw new TrainingDataException($"Target '{target.Name}' is categorical; regression needs a numeric target.");
        double sum = 0, sumSquares = 0;
        foreach (int row in rows)
        {
            double v = target.Values[row];
            sum += v;
            sumSquares += v * v;
        }

        double mean = rows.Length == 0 ? 0 : sum / rows.Length;
        double std = rows.Length == 0 ? 1 : Math.Sqrt(Math.Max(0, sumSquares / rows.Length - mean * mean));
        return new TargetEncoding(target.Name, false, [], (float)mean, std > 1e-12 ? (float)std : 1f, 1);
    }
}
