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
        SELECT column_ordinal, chunk_index, row_offset, row_count, data
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
        var block = new BlockBuffer();
        while (await reader.ReadAsync(cancellationToken))
        {
            int position = positionOfOrdinal[reader.GetInt32(0)];
            int chunkIndex = reader.GetInt32(1);
            long firstRow = reader.GetInt64(2);
            int rows = reader.GetInt32(3);
            if (!block.Accepts(chunkIndex, firstRow, rows))
                block.Flush(handler);
            await using var stream = await reader.GetStreamAsync(4, cancellationToken);
            if (stream.Length != (long)rows * sizeof(float))
                throw new InvalidDataException($"Dataset {datasetId}: chunk {chunkIndex} of column {reader.GetInt32(0)} holds {stream.Length} bytes for {rows} rows.");
            // Chunks are little-endian float32, the layout of float[] on every platform .NET runs on.
            using var target = block.Add(chunkIndex, firstRow, rows, position);
            await stream.ReadExactlyAsync(target.Memory, cancellationToken);
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

        public bool Accepts(int chunkIndex, long firstRow, int rows) =>
            _count == 0 || (chunkIndex == _chunkIndex && firstRow == _firstRow && rows == _rows && _count < _capacity);

        public FloatBytesMemoryManager Add(int chunkIndex, long firstRow, int rows, int position)
        {
            if (_count == 0)
            {
                (_chunkIndex, _firstRow, _rows) = (chunkIndex, firstRow, rows);
                _capacity = Math.Max(1, BlockValues / Math.Max(1, rows));
                if (_values.Length < (long)_capacity * rows || _columns.Length < _capacity)
                    (_values, _columns) = (new float[_capacity * rows], new int[_capacity]);
            }

            _columns[_count] = position;
            return new FloatBytesMemoryManager(_values, _count++ * rows, rows);
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
