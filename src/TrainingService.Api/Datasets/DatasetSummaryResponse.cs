namespace TrainingService.Api.Datasets;

/// <summary>A dataset in a list: its size without its columns, which <c>GET /api/datasets/{id}</c> gives.</summary>
public sealed record DatasetSummaryResponse(Guid Id, string Name, long RowCount, int ColumnCount, long SizeBytes, DateTimeOffset CreatedAt);
