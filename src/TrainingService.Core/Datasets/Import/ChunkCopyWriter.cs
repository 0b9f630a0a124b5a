using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;

namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// Writes <c>dataset_chunks</c> rows with one binary COPY: a chunk is one row, its values one bytea in the narrowest
/// <see cref="ChunkValueFormat"/> that holds them.
/// </summary>
internal sealed class ChunkCopyWriter : IAsyncDisposable
{
    private readonly NpgsqlBinaryImporter _importer;
    private readonly Guid _datasetId;
    private byte[] _narrow = [];

    private ChunkCopyWriter(NpgsqlBinaryImporter importer, Guid datasetId)
    {
        _importer = importer;
        _datasetId = datasetId;
    }

    public static async Task<ChunkCopyWriter> BeginAsync(NpgsqlConnection connection, Guid datasetId, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync(
            "COPY dataset_chunks (dataset_id, column_ordinal, chunk_index, row_offset, row_count, value_bytes, data) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        return new ChunkCopyWriter(importer, datasetId);
    }

    /// <summary>Writes one chunk; <paramref name="floats"/> are its values as little-endian float32 bytes.</summary>
    public async Task WriteAsync(int columnOrdinal, int chunkIndex, long rowOffset, ArraySegment<byte> floats, CancellationToken cancellationToken)
    {
        var (format, data) = Encode(floats);
        await _importer.StartRowAsync(cancellationToken);
        await _importer.WriteAsync(_datasetId, NpgsqlDbType.Uuid, cancellationToken);
        await _importer.WriteAsync(columnOrdinal, NpgsqlDbType.Integer, cancellationToken);
        await _importer.WriteAsync(chunkIndex, NpgsqlDbType.Integer, cancellationToken);
        await _importer.WriteAsync(rowOffset, NpgsqlDbType.Bigint, cancellationToken);
        await _importer.WriteAsync(floats.Count / sizeof(float), NpgsqlDbType.Integer, cancellationToken);
        await _importer.WriteAsync((short)format, NpgsqlDbType.Smallint, cancellationToken);
        await _importer.WriteAsync(data, NpgsqlDbType.Bytea, cancellationToken);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken) => await _importer.CompleteAsync(cancellationToken);

    /// <summary>Without <see cref="CompleteAsync"/> first, cancels the COPY: nothing of it is stored.</summary>
    public ValueTask DisposeAsync() => _importer.DisposeAsync();

    /// <summary>Float32 chunks go as they are; narrow ones through a buffer reused once the COPY has taken it.</summary>
    private (ChunkValueFormat Format, ArraySegment<byte> Data) Encode(ArraySegment<byte> floats)
    {
        var values = MemoryMarshal.Cast<byte, float>(floats.AsSpan());
        var format = ChunkCodec.Choose(values);
        if (format == ChunkValueFormat.Float32)
            return (format, floats);
        if (_narrow.Length < values.Length * sizeof(ushort))
            _narrow = new byte[values.Length * sizeof(ushort)];
        return (format, new ArraySegment<byte>(_narrow, 0, ChunkCodec.Encode(values, format, _narrow)));
    }
}
