using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Core.Training.Preprocessing;

namespace TrainingService.Core.Tests.Training;

/// <summary>
/// The test oracle for fitting: the preprocessing fitted on columns loaded whole, one pass over the training rows per
/// column. Training preparation fits from streamed statistics instead and must give the same encodings.
/// </summary>
internal static class LoadedColumnsFitter
{
    /// <param name="maxThreads">Threads to fit columns on; the result, and which missing value is reported under the
    /// 'error' policy (the first column's), do not depend on it.</param>
    public static FittedPreprocessing Fit(
        IReadOnlyList<DatasetColumnData> features, DatasetColumnData target, int[] trainRows, bool classification,
        int outputUnits, NumericScaling scaling, MissingValueStrategy missing, int maxThreads = 1)
    {
        var encodings = new FeatureEncoding[features.Count];
        OrderedParallel.For(features.Count, OrderedParallel.Threads((long)features.Count * trainRows.Length, features.Count, maxThreads),
            f => encodings[f] = features[f].Type == ColumnType.Numeric
                ? FitNumeric(features[f], trainRows, scaling, missing)
                : PreprocessingFitter.FitCategorical(features[f], trainRows));
        return new FittedPreprocessing(encodings, PreprocessingFitter.FitTarget(target, trainRows, classification, outputUnits), missing);
    }

    private static FeatureEncoding FitNumeric(DatasetColumnData column, ReadOnlySpan<int> rows, NumericScaling scaling, MissingValueStrategy missing)
    {
        var statistics = new NumericStatistics();
        float[] values = column.Values;
        foreach (int row in rows)
            statistics.Add(values[row], row);
        return statistics.ToEncoding(column.Name, scaling, missing);
    }
}
