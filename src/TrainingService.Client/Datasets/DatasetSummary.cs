namespace TrainingService.Client;

/// <summary>A dataset in a listing, without its columns.</summary>
public sealed record DatasetSummary(Guid Id, string Name, long RowCount, int ColumnCount, long SizeBytes, DateTimeOffset CreatedAt);
