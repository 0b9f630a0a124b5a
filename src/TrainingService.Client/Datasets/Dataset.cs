namespace TrainingService.Client;

/// <summary>A stored dataset with its schema and per-column statistics.</summary>
public sealed record Dataset(
    Guid Id,
    string Name,
    long RowCount,
    int ColumnCount,
    long SizeBytes,
    DateTimeOffset CreatedAt,
    IReadOnlyList<DatasetColumn> Columns);
