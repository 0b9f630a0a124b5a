namespace TrainingService.Core.Datasets;

/// <summary>
/// A run of consecutive rows of one column, stored as little-endian float32 values: numbers as they are,
/// categories as their index in <see cref="DatasetColumn.Categories"/>, missing values as NaN.
/// Written with binary COPY so an import is a few large rows, never a row per cell.
/// </summary>
public sealed class DatasetChunk
{
    public Guid DatasetId { get; set; }

    public int ColumnOrdinal { get; set; }

    public int ChunkIndex { get; set; }

    public long RowOffset { get; set; }

    public int RowCount { get; set; }

    public required byte[] Data { get; set; }
}
