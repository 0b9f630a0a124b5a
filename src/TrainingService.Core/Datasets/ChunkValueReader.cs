using System.Buffers;
using Npgsql;

namespace TrainingService.Core.Datasets;

/// <summary>
/// Goes through the rows of a chunk query, whose columns are <c>column_ordinal, chunk_index, value_bytes,</c> first
/// row, row count and the chunk's data (all of it or the slice of those rows), and reads each chunk's values into a
/// float array whatever their <see cref="ChunkValueFormat"/>. One per query, on a sequential-access reader.
/// </summary>
internal sealed class ChunkValueReader(NpgsqlDataReader reader, Guid datasetId) : IDisposable
{
    private byte[] _bytes = [];

    /// <summary>The chunk the reader is on, once <see cref="ReadAsync"/> returned true.</summary>
    public ChunkHeader Current { get; private set; }

    /// <summary>Moves to the next chunk and reads everything about it but its values; false after the last one.</summary>
    public async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
            return false;
        Current = new ChunkHeader(
            reader.GetInt32(0), reader.GetInt32(1), (ChunkValueFormat)reader.GetInt16(2), reader.GetInt64(3), reader.GetInt32(4));
        return true;
    }

    /// <summary>Reads the values of <see cref="Current"/> into <paramref name="target"/> from <paramref name="at"/> on.</summary>
    /// <exception cref="InvalidDataException">The stored bytes are not the chunk's rows in its format.</exception>
    public async Task ReadValuesAsync(float[] target, int at, CancellationToken cancellationToken)
    {
        var chunk = Current;
        await using var stream = await reader.GetStreamAsync(5, cancellationToken);
        int width = ChunkCodec.BytesPerValue(chunk.Format);
        if (width == 0 || stream.Length != (long)chunk.Rows * width)
        {
            throw new InvalidDataException(
                $"Dataset {datasetId}: chunk {chunk.Index} of column {chunk.Column} holds {stream.Length} bytes for {chunk.Rows} rows of format {(int)chunk.Format} ({width} bytes each).");
        }

        if (chunk.Format == ChunkValueFormat.Float32)
        {
            // Little-endian float32 is the layout of float[] on every platform .NET runs on: no copy.
            using var direct = new FloatBytesMemoryManager(target, at, chunk.Rows);
            await stream.ReadExactlyAsync(direct.Memory, cancellationToken);
            return;
        }

        int bytes = (int)stream.Length;
        if (_bytes.Length < bytes)
        {
            ReturnBuffer();
            _bytes = ArrayPool<byte>.Shared.Rent(bytes);
        }

        await stream.ReadExactlyAsync(_bytes.AsMemory(0, bytes), cancellationToken);
        ChunkCodec.Decode(_bytes.AsSpan(0, bytes), chunk.Format, target.AsSpan(at, chunk.Rows));
    }

    public void Dispose() => ReturnBuffer();

    private void ReturnBuffer()
    {
        if (_bytes.Length > 0)
            ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
    }
}
