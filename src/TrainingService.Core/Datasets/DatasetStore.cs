using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TrainingService.Core.Data;

namespace TrainingService.Core.Datasets;

/// <summary>
/// Reads stored datasets back as float32 columns: for training (all rows of some columns) and for paging rows.
/// Register with <see cref="DatasetServiceCollectionExtensions.AddDatasetStorage"/>; scoped, like the DbContext it uses.
/// </summary>
/// <remarks>
/// Chunks are streamed from a sequential data reader into the returned arrays: float32 chunks straight in, narrow
/// ones through one reused byte buffer per query (<see cref="ChunkValueReader"/>). Only the chunks overlapping the
/// requested rows are read, and of those only the overlapping bytes are sent by the server.
/// </remarks>
public sealed partial class DatasetStore(TrainingServiceDbContext db)
{
    // value_bytes is a format, not always its width: ChunkValueFormat.UInt8NoMissing (5) is one byte a value.
    private static readonly string ChunkQuery = $"""
        SELECT column_ordinal, chunk_index, value_bytes,
               greatest($2, row_offset) AS first_row,
               (least($3, row_offset + row_count) - greatest($2, row_offset))::int AS slice_rows,
               substring(data FROM ((greatest($2, row_offset) - row_offset) * width + 1)::int
                              FOR ((least($3, row_offset + row_count) - greatest($2, row_offset)) * width)::int) AS data
        FROM dataset_chunks, LATERAL (SELECT CASE value_bytes WHEN {(int)ChunkValueFormat.UInt8NoMissing} THEN {ChunkCodec.BytesPerValue(ChunkValueFormat.UInt8NoMissing)} ELSE value_bytes END AS width) AS format
        WHERE dataset_id = $1 AND column_ordinal = ANY($4) AND row_offset < $3 AND row_offset + row_count > $2
        """;

    /// <summary>
    /// Loads every row of those of <paramref name="wanted"/> the dataset has, in dataset order; the caller sees which
    /// are absent. Returns null when no dataset has this id.
    /// </summary>
    public Task<DatasetData?> LoadAvailableAsync(Guid datasetId, IReadOnlyCollection<string> wanted, CancellationToken cancellationToken = default) =>
        LoadRowsAsync(datasetId, 0, int.MaxValue, wanted, skipAbsent: true, cancellationToken);

    /// <summary>
    /// Loads rows <paramref name="rowOffset"/> to <paramref name="rowOffset"/> + <paramref name="rowCount"/> (clipped
    /// to the dataset; empty past its end) of the dataset's columns, all or those named in <paramref name="columns"/>.
    /// Returns null when no dataset has this id.
    /// </summary>
    /// <exception cref="ArgumentException">A name in <paramref name="columns"/> is not a column of the dataset.</exception>
    public Task<DatasetData?> LoadRangeAsync(
        Guid datasetId, long rowOffset, int rowCount, IReadOnlyList<string>? columns = null, CancellationToken cancellationToken = default) =>
        LoadRowsAsync(datasetId, rowOffset, rowCount, columns, skipAbsent: false, cancellationToken);

    private async Task<DatasetData?> LoadRowsAsync(
        Guid datasetId, long rowOffset, int rowCount, IReadOnlyCollection<string>? columns, bool skipAbsent, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        var dataset = await db.Datasets.AsNoTracking()
            .Where(d => d.Id == datasetId)
            .Select(d => new { d.Name, d.RowCount })
            .SingleOrDefaultAsync(cancellationToken);
        if (dataset is null)
            return null;

        var selected = await SelectColumnsAsync(datasetId, columns, skipAbsent, cancellationToken);
        long end = Math.Min(dataset.RowCount, rowOffset + rowCount);
        long count = Math.Max(0, end - rowOffset);
        ThrowIfTooManyRows(count);

        var data = selected
            .Select(c => new DatasetColumnData(c.Name, c.Ordinal, c.Type, c.Categories ?? [], new float[count]))
            .ToList();
        if (count > 0)
            await ReadChunksAsync(datasetId, rowOffset, rowOffset + count, data, cancellationToken);
        return new DatasetData(datasetId, dataset.Name, dataset.RowCount, rowOffset, (int)count, data);
    }

    /// <summary>
    /// Loads every row of <paramref name="columns"/> of <paramref name="dataset"/>, whose schema (read with
    /// categories by <see cref="LoadSchemaAsync"/>) the caller already has, so it is not read again.
    /// </summary>
    /// <exception cref="NotSupportedException">The dataset has more rows than an array can hold.</exception>
    public async Task<List<DatasetColumnData>> LoadValuesAsync(DatasetSchema dataset, IEnumerable<ColumnSchema> columns, CancellationToken cancellationToken = default)
    {
        ThrowIfTooManyRows(dataset.RowCount);
        var loaded = columns.Select(c => c.WithValues(new float[dataset.RowCount])).ToList();
        if (dataset.RowCount > 0 && loaded.Count > 0)
            await ReadChunksAsync(dataset.Id, 0, dataset.RowCount, loaded, cancellationToken);
        return loaded;
    }

    private static void ThrowIfTooManyRows(long count)
    {
        if (count > Array.MaxLength)
            throw new NotSupportedException($"The dataset has {count} rows; at most {Array.MaxLength} can be loaded at once.");
    }

    private async Task<List<ColumnMetadata>> SelectColumnsAsync(Guid datasetId, IReadOnlyCollection<string>? names, bool skipAbsent, CancellationToken cancellationToken)
    {
        var query = db.DatasetColumns.AsNoTracking().Where(c => c.DatasetId == datasetId);
        if (names is not null)
            query = query.Where(c => names.Contains(c.Name));
        var found = await query
            .OrderBy(c => c.Ordinal)
            .Select(c => new ColumnMetadata(c.Name, c.Ordinal, c.Type, c.Categories))
            .ToListAsync(cancellationToken);
        if (names is null || skipAbsent)
            return found;

        var byName = found.ToDictionary(c => c.Name);
        return names.Select(name => byName.TryGetValue(name, out var column)
            ? column
            : throw new ArgumentException($"The dataset has no column named '{name}'.", nameof(names))).ToList();
    }

    private Task ReadChunksAsync(Guid datasetId, long start, long end, List<DatasetColumnData> columns, CancellationToken cancellationToken)
    {
        int readers = ReaderCount((end - start) * columns.Count * sizeof(float), columns.Count);
        return RunReadersAsync(readers, (connection, r) => ReadAsync(connection, datasetId, start, end, Every(columns, readers, r), cancellationToken), cancellationToken);
    }

    // PostgreSQL decompresses and sends one query's rows on one core; a large load goes faster over a few
    // connections, each reading its share of the columns, than over one.
    private static int ReaderCount(long bytes, int columns) =>
        (int)Math.Clamp(bytes / BytesPerExtraReader + 1, 1, Math.Max(1, Math.Min(Math.Min(MaxReaders, Environment.ProcessorCount), columns)));

    private const long BytesPerExtraReader = 8L << 20;

    private const int MaxReaders = 4;

    private static List<T> Every<T>(IEnumerable<T> items, int step, int first) =>
        items.Where((_, i) => i % step == first).ToList();

    /// <summary>Runs <paramref name="read"/> for readers 0..n-1: the first on the context's connection, the others on their own.</summary>
    private async Task RunReadersAsync(int readers, Func<NpgsqlConnection, int, Task> read, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var reads = new List<Task>(readers) { ReadOnContextConnectionAsync(connection, c => read(c, 0), cancellationToken) };
        for (int r = 1; r < readers; r++)
        {
            int reader = r;
            reads.Add(ReadOnOwnConnectionAsync(c => read(c, reader), cancellationToken));
        }

        await Task.WhenAll(reads);
    }

    private static async Task ReadOnContextConnectionAsync(NpgsqlConnection connection, Func<NpgsqlConnection, Task> read, CancellationToken cancellationToken)
    {
        bool opened = connection.State != ConnectionState.Open;
        if (opened)
            await connection.OpenAsync(cancellationToken);
        try
        {
            await read(connection);
        }
        finally
        {
            if (opened)
                await connection.CloseAsync();
        }
    }

    private async Task ReadOnOwnConnectionAsync(Func<NpgsqlConnection, Task> read, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await read(connection);
    }

    private static async Task ReadAsync(
        NpgsqlConnection connection, Guid datasetId, long start, long end, List<DatasetColumnData> columns, CancellationToken cancellationToken)
    {
        var byOrdinal = columns.ToDictionary(c => c.Ordinal, c => c.Values);
        await using var command = new NpgsqlCommand(ChunkQuery, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = datasetId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = start });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = end });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. byOrdinal.Keys] });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        using var chunks = new ChunkValueReader(reader, datasetId);
        while (await chunks.ReadAsync(cancellationToken))
        {
            var chunk = chunks.Current;
            await chunks.ReadValuesAsync(byOrdinal[chunk.Column], (int)(chunk.FirstRow - start), cancellationToken);
        }
    }

    private sealed record ColumnMetadata(string Name, int Ordinal, ColumnType Type, string[]? Categories);
}
