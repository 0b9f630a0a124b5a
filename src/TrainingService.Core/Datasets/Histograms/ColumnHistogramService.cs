namespace TrainingService.Core.Datasets.Histograms;

/// <summary>
/// Computes a numeric column's histogram from its stored chunks, streamed a block at a time (memory stays at one
/// block whatever the row count); the bin range is the column's import statistics, so one pass suffices.
/// </summary>
public sealed class ColumnHistogramService(DatasetStore store)
{
    public const int DefaultBins = 20;

    /// <summary>More bins than a chart is wide tell nothing more, and the response stays small.</summary>
    public const int MaxBins = 100;

    /// <param name="bins">1 to <see cref="MaxBins"/>; the caller validates it.</param>
    public async Task<ColumnHistogramOutcome> ComputeAsync(Guid datasetId, string column, int bins, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bins, MaxBins);
        var schema = await store.LoadSchemaAsync(datasetId, withCategories: false, cancellationToken);
        if (schema is null)
            return new ColumnHistogramOutcome.DatasetNotFound();
        var found = schema.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.Ordinal));
        if (found is null)
            return new ColumnHistogramOutcome.ColumnNotFound();
        if (found.Type != ColumnType.Numeric)
            return new ColumnHistogramOutcome.NotNumeric(found.Type);
        if (found.Min is not double min || found.Max is not double max)
            return new ColumnHistogramOutcome.Computed(new ColumnHistogram(found.Name, [], [], found.MissingCount));

        // All values equal: one bin holding them all, rather than bins of width zero.
        if (max <= min)
            bins = 1;
        var counts = new long[bins];
        double scale = max > min ? bins / (max - min) : 0;
        // One column is read by one reader (the store splits reads by columns), so the handler is never concurrent.
        await store.StreamColumnBlocksAsync(datasetId, schema.RowCount, [found.Ordinal], block =>
        {
            foreach (float value in block.Column(0))
            {
                if (float.IsNaN(value))
                    continue;
                // Stored values are float32 and the statistics double: a value may round just past either end.
                int bin = (int)Math.Clamp((value - min) * scale, 0, bins - 1);
                counts[bin]++;
            }
        }, cancellationToken);

        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++)
            edges[i] = i == bins ? max : min + (max - min) * i / bins;
        return new ColumnHistogramOutcome.Computed(new ColumnHistogram(found.Name, edges, counts, found.MissingCount));
    }
}
