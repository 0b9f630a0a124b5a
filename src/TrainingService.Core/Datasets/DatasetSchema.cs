namespace TrainingService.Core.Datasets;

/// <summary>What is known of a dataset without reading its values: its row count and its columns in dataset order.</summary>
public sealed record DatasetSchema(Guid Id, string Name, long RowCount, IReadOnlyList<ColumnSchema> Columns);
