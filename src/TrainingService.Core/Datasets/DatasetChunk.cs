namespace TrainingService.Core.Datasets;

/// <summary>
/// A run of consecutive rows of one column: numbers as they are, categories as their index in
/// <see cref="DatasetColumn.Categories"/>, missing values as NaN, stored in the narrowest
/// <see cref="ChunkValueFormat"/> that holds them (see <see cref="ChunkCodec"/>).
/// Written with binary COPY so an import is a few large rows, never a row per cell.
/// </summary>
public sealed class DatasetChunk
{
    public Guid DatasetId { get; set; }

    public int ColumnOrdinal { get; set; }

    public int ChunkIndex { get; set; }

    public long RowOffset { get; set; }

    public int RowCount { get; set; }

    /// <summary>How <see cref="Data"/> holds the values; column <c>value_bytes</c>, its bytes per value.</summary>
    public ChunkValueFormat ValueFormat { get; set; } = ChunkValueFormat.Float32;

    /// <summary><see cref="RowCount"/> values of <see cref="ValueFormat"/>.</summary>
    public required byte[] Data { get; set; }
}
