using System.ComponentModel;

namespace TrainingService.Core.Datasets.Histograms;

/// <summary>Counts of a numeric column's non-missing values in equal-width bins between its minimum and maximum.</summary>
public sealed record ColumnHistogram(
    string Column,
    [property: Description("Bin edges, one more than there are bins: bin i holds values in [edges[i], edges[i+1]), the last bin includes its upper edge. A column whose values are all equal has one bin.")]
    IReadOnlyList<double> Edges,
    [property: Description("Values per bin.")]
    IReadOnlyList<long> Counts,
    [property: Description("Values that are empty, NA, NaN or null (in no bin).")]
    long MissingCount);
