namespace TrainingService.Core.Datasets.Histograms;

/// <summary>What a histogram request came to: the histogram, or why there is none.</summary>
public abstract record ColumnHistogramOutcome
{
    public sealed record Computed(ColumnHistogram Histogram) : ColumnHistogramOutcome;

    /// <summary>No dataset has the id.</summary>
    public sealed record DatasetNotFound : ColumnHistogramOutcome;

    /// <summary>The dataset has no column of that name.</summary>
    public sealed record ColumnNotFound : ColumnHistogramOutcome;

    /// <summary>The column is categorical: its categories and counts say more than bins would.</summary>
    public sealed record NotNumeric(ColumnType Type) : ColumnHistogramOutcome;
}
