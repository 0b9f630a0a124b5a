using Npgsql;
using NpgsqlTypes;

namespace TrainingService.Core.Datasets.Import;

/// <summary>Writes <c>dataset_chunks</c> rows with one binary COPY: a chunk is one row, its values one bytea.</summary>
internal sealed class ChunkCopyWriter : IAsyncDisposable
{
    private readonly NpgsqlBinaryImporter _importer;
    private readonly Guid _datasetId;

    private ChunkCopyWriter(NpgsqlBinaryImporter importer, Guid datasetId)
    {
        _importer = importer;
        _datasetId = datasetId;
    }

    public long BytesWritten { get; private set; }

    public static async Task<ChunkCopyWriter> BeginAsync(NpgsqlConnection connection, Guid datasetId, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync(
            "COPY dataset_chunks (dataset_id, column_ordinal, chunk_index, row_offset, row_count, data) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        return new ChunkCopyWriter(importer, datasetId);
    }

    public async Task WriteAsync(int columnOrdinal, int chunkIndex, long rowOffset, ArraySegment<byte> data, CancellationToken cancellationToken)
    {
        await _importer.StartRowAsync(cancellationToken);
        await _importer.WriteAsync(_datasetId, NpgsqlDbType.Uuid, cancellationToken);
        await _importer.WriteAsync(columnOrdinal, NpgsqlDbType.Integer, cancellationToken);
        await _importer.WriteAsync(chunkIndex, NpgsqlDbType.Integer, cancellationToken);
        await _importer.WriteAsync(rowOffset, NpgsqlDbType.Bigint, cancellationToken);
        await _importer.WriteAsync(data.Count / sizeof(float), NpgsqlDbType.Integer, cancellationToken);
        await _importer.WriteAsync(data, NpgsqlDbType.Bytea, cancellationToken);
        BytesWritten += data.Count;
    }

    public async Task CompleteAsync(CancellationToken cancellationToken) => await _importer.CompleteAsync(cancellationToken);

    /// <summary>Without <see cref="CompleteAsync"/> first, cancels the COPY: nothing of it is stored.</summary>
    public ValueTask DisposeAsync() => _importer.DisposeAsync();
}
