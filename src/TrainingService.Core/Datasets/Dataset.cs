using TrainingService.Core.Identity;

namespace TrainingService.Core.Datasets;

/// <summary>An imported table: its schema and statistics live here, its values in <see cref="DatasetChunk"/> rows.</summary>
public sealed class Dataset : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public long RowCount { get; set; }

    public int ColumnCount { get; set; }

    /// <summary>
    /// Bytes of the stored chunks' data before PostgreSQL compresses it (the sum of their lengths): 1, 2 or 4 per
    /// value as each chunk's <see cref="ChunkValueFormat"/> says; not the uploaded text.
    /// </summary>
    public long SizeBytes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<DatasetColumn> Columns { get; set; } = [];
}
