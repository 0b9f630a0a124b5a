using System.ComponentModel;

namespace TrainingService.Api.Datasets;

/// <summary>A dataset's schema and statistics.</summary>
public sealed record DatasetResponse(
    Guid Id,
    string Name,
    long RowCount,
    int ColumnCount,
    [property: Description("Bytes of the stored column chunks before PostgreSQL compresses them: 1, 2 or 4 per value (uint8, uint16 or float32, the narrowest that holds each chunk's values exactly), not of the uploaded text.")]
    long SizeBytes,
    DateTimeOffset CreatedAt,
    IReadOnlyList<DatasetColumnResponse> Columns);
