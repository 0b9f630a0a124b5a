using System.Data;
using Npgsql;

namespace TrainingService.Core.Datasets;

/// <summary>
/// A few of the requested columns over the rows of one stored chunk: column after column, <see cref="RowCount"/>
/// values each. The memory is reused once the handler returns.
/// </summary>
/// <param name="Columns">Positions in the requested list of the columns in the block, in block order.</param>
public readonly ref struct ColumnBlock(int chunkIndex, long firstRow, int rowCount, ReadOnlySpan<int> columns, ReadOnlySpan<float> values)
{
    /// <summary>The chunk the rows come from; chunks of a column cover increasing rows.</summary>
    public int ChunkIndex { get; } = chunkIndex;

    public long FirstRow { get; } = firstRow;

    public int RowCount { get; } = rowCount;

    public ReadOnlySpan<int> Columns { get; } = columns;

    public ReadOnlySpan<float> Values { get; } = values;

    /// <summary>The values of the block's <paramref name="index"/>-th column, one per row from <see cref="FirstRow"/>.</summary>
    public ReadOnlySpan<float> Column(int index) => Values.Slice(index * RowCount, RowCount);
}

/// <summary>Takes one block; called from several readers at once, never twice for the same cell.</summary>
public delegate void ColumnBlockHandler(ColumnBlock block);

public sealed partial class DatasetStore
{
    private const string ChunksInRowOrderQuery = """
        SELECT column_ordinal, chunk_index, value_bytes, row_offset, row_count, data
        FROM dataset_chunks
        WHERE dataset_id = $1 AND column_ordinal = ANY($2)
        ORDER BY chunk_index, column_ordinal
        """;

    /// <summary>A block holds up to this many values (1 MB): a few columns of a chunk, small enough to stay in cache.</summary>
    private const int BlockValues = 1 << 18;

    /// <summary>
    /// Streams every stored value of the columns at <paramref name="ordinals"/> to <paramref name="handler"/> in blocks
    /// of a few columns over one chunk's rows, chunk after chunk, so a caller can turn columns into rows while only a
    /// block at a time is in memory. Large reads are split over connections by column ranges; each block's
    /// <see cref="ColumnBlock.Columns"/> are positions in <paramref name="ordinals"/>.
    /// </summary>
    public async Task StreamColumnBlocksAsync(Guid datasetId, long rowCount, IReadOnlyList<int> ordinals, ColumnBlockHandler handler, CancellationToken cancellationToken)
    {
        if (ordinals.Count == 0 || rowCount == 0)
            return;
        int readers = ReaderCount(rowCount * ordinals.Count * sizeof(float), ordinals.Count);
        await RunReadersAsync(readers, (connection, r) =>
        {
            int first = ordinals.Count * r / readers, end = ordinals.Count * (r + 1) / readers;
            var positions = Enumerable.Range(first, end - first).ToDictionary(i => ordinals[i]);
            return ReadBlocksAsync(connection, datasetId, positions, handler, cancellationToken);
        }, cancellationToken);
    }

    private static async Task ReadBlocksAsync(
        NpgsqlConnection connection, Guid datasetId, Dictionary<int, int> positionOfOrdinal, ColumnBlockHandler handler, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ChunksInRowOrderQuery, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = datasetId });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. positionOfOrdinal.Keys] });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        using var chunks = new ChunkValueReader(reader, datasetId);
        var block = new BlockBuffer();
        while (await chunks.ReadAsync(cancellationToken))
        {
            var chunk = chunks.Current;
            if (!block.Accepts(chunk))
                block.Flush(handler);
            int at = block.Add(chunk, positionOfOrdinal[chunk.Column]);
            await chunks.ReadValuesAsync(block.Values, at, cancellationToken);
        }

        block.Flush(handler);
    }

    /// <summary>Collects consecutive columns of one chunk, up to <see cref="BlockValues"/> values.</summary>
    private sealed class BlockBuffer
    {
        private float[] _values = [];
        private int[] _columns = [];
        private int _count, _capacity, _chunkIndex, _rows;
        private long _firstRow;

        /// <summary>The block's memory; <see cref="Add"/> says where a column's values go.</summary>
        public float[] Values => _values;

        public bool Accepts(ChunkHeader chunk) =>
            _count == 0 || (chunk.Index == _chunkIndex && chunk.FirstRow == _firstRow && chunk.Rows == _rows && _count < _capacity);

        /// <summary>Takes <paramref name="chunk"/>'s column as the next one; returns where in <see cref="Values"/> its values go.</summary>
        public int Add(ChunkHeader chunk, int position)
        {
            if (_count == 0)
            {
                (_chunkIndex, _firstRow, _rows) = (chunk.Index, chunk.FirstRow, chunk.Rows);
                _capacity = Math.Max(1, BlockValues / Math.Max(1, _rows));
                if (_values.Length < (long)_capacity * _rows || _columns.Length < _capacity)
                    (_values, _columns) = (new float[_capacity * _rows], new int[_capacity]);
            }

            _columns[_count] = position;
            return _count++ * _rows;
        }

        public void Flush(ColumnBlockHandler handler)
        {
            if (_count == 0)
                return;
            handler(new ColumnBlock(_chunkIndex, _firstRow, _rows, _columns.AsSpan(0, _count), _values.AsSpan(0, _count * _rows)));
            _count = 0;
        }
    }
}
