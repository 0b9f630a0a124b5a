namespace TrainingService.Core.Datasets;

/// <summary>One column of a dataset: inferred type, statistics and, for categorical columns, the whole category dictionary.</summary>
public sealed class DatasetColumn
{
    public Guid DatasetId { get; set; }

    public int Ordinal { get; set; }

    public required string Name { get; set; }

    public ColumnType Type { get; set; }

    public long MissingCount { get; set; }

    public double? Min { get; set; }

    public double? Max { get; set; }

    public double? Mean { get; set; }

    public double? Std { get; set; }

    /// <summary>Category dictionary in first-seen order; a stored chunk value is an index into it.</summary>
    public string[]? Categories { get; set; }
}
