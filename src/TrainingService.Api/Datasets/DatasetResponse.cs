using System.ComponentModel;

namespace TrainingService.Api.Datasets;

/// <summary>A dataset's schema and statistics.</summary>
public sealed record DatasetResponse(
    Guid Id,
    string Name,
    long RowCount,
    int ColumnCount,
    [property: Description("Bytes of the stored float32 column chunks (rowCount × columnCount × 4), not of the uploaded text.")]
    long SizeBytes,
    DateTimeOffset CreatedAt,
    IReadOnlyList<DatasetColumnResponse> Columns);
