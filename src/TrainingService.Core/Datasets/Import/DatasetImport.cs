using System.Globalization;
using System.IO.Compression;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// One upload being imported inside one PostgreSQL transaction: <see cref="DatasetImporter.BeginAsync"/>, then
/// <see cref="ReadCsvAsync"/>, then <see cref="CommitAsync"/>. Disposing it without a commit rolls everything back,
/// so a refused, failed or abandoned upload leaves nothing behind.
/// </summary>
/// <remarks>
/// The CSV is parsed in one streaming pass. Each column fills a block of float32 values; every
/// <c>rowsPerChunk</c> rows the blocks are written as chunks with binary COPY (each in the narrowest
/// <see cref="ChunkValueFormat"/> that holds it), in the background while the next rows fill each column's second
/// block, so memory is two blocks per column (at most twice <see cref="BlockBudgetValues"/> floats in all), plus
/// category dictionaries and one <see cref="RecordBatch"/> of parsed rows (at most 256 KiB), whatever the file size. The (decompressed) text is also spooled to a temporary file: a column whose first non-number comes after
/// numbers must be rebuilt as categorical from the original text, which only a second pass can do. That pass runs
/// only when such a column exists and reads only those columns. See <see cref="ColumnAccumulator"/>.
/// REVIEW: the spool costs temporary disk equal to the CSV text (<see cref="DatasetOptions.MaxCsvBytes"/> at most);
/// it could stop once no column is still numeric, or be skipped for clients that declare the column types.
/// </remarks>
public sealed class DatasetImport : IAsyncDisposable
{
    /// <summary>Rows per stored chunk, unless the table is so wide that blocks would pass the memory budget.</summary>
    public const int MaxRowsPerChunk = 65_536;

    private const int MinRowsPerChunk = 1_024;
    private const long BlockBudgetValues = 16L << 20;
    private const int MaxRecordBytes = 64 << 20;
    private const string UploadDescription = "uploaded file";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly DatasetOptions _options;
    private string[] _header = [];
    private DatasetColumn[]? _columns;
    private long _rowCount;
    private bool _read;

    private DatasetImport(NpgsqlConnection connection, NpgsqlTransaction transaction, DatasetOptions options, Guid id)
    {
        _connection = connection;
        _transaction = transaction;
        _options = options;
        Id = id;
    }

    public Guid Id { get; }

    internal static async Task<DatasetImport> BeginAsync(NpgsqlConnection connection, DatasetOptions options, Guid tenantId, CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
            await connection.OpenAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var import = new DatasetImport(connection, transaction, options, Guid.CreateVersion7());
        // The row exists from the start because every chunk references it; CommitAsync fills it in.
        await using var insert = new NpgsqlCommand(
            "INSERT INTO datasets (id, tenant_id, name, row_count, column_count, size_bytes, created_at) VALUES ($1, $2, '', 0, 0, 0, $3)",
            connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = import.Id });
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return import;
    }

    /// <summary>
    /// Streams CSV text (or gzip-compressed CSV, recognised by its magic bytes) into the dataset's chunks. After a
    /// refusal the import can only be disposed.
    /// </summary>
    public async Task<CsvReadOutcome> ReadCsvAsync(Stream file, CancellationToken cancellationToken)
    {
        if (_read)
            throw new InvalidOperationException("An import reads one file.");
        _read = true;
        try
        {
            await ImportAsync(file, cancellationToken);
            return new CsvReadOutcome.Read();
        }
        catch (CsvFormatException e)
        {
            string? name = e.Column is int c && c <= _header.Length ? _header[c - 1] : null;
            return new CsvReadOutcome.InvalidCsv(e.Message, e.Line, e.Column, name);
        }
        catch (UploadTooLargeException e)
        {
            return new CsvReadOutcome.TooLarge(e.Message);
        }
        catch (InvalidDataException e)
        {
            // Only GZipStream throws this: the file starts like gzip but is not.
            return new CsvReadOutcome.InvalidCsv("The file is not valid gzip data: " + e.Message);
        }
    }

    /// <summary>Stores the dataset's metadata under <paramref name="name"/> and commits; returns the dataset id.</summary>
    public async Task<Guid> CommitAsync(string name, CancellationToken cancellationToken)
    {
        if (_columns is null)
            throw new InvalidOperationException("Only an import that read a file successfully can be committed.");
        // The size is summed from the stored chunks, whose formats vary; length() reads a compressed value's
        // header, not its data.
        await using (var update = new NpgsqlCommand(
            """
            UPDATE datasets SET name = $2, row_count = $3, column_count = $4,
                size_bytes = (SELECT coalesce(sum(length(data)), 0) FROM dataset_chunks WHERE dataset_id = $1)
            WHERE id = $1
            """,
            _connection, _transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Id });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _rowCount });
            update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _columns.Length });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await WriteColumnsAsync(cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
        return Id;
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted Npgsql transaction rolls it back.
        await _transaction.DisposeAsync();
        await _connection.CloseAsync();
    }

    private async Task ImportAsync(Stream file, CancellationToken cancellationToken)
    {
        var (prefix, upload) = await PrefixedStream.PeekAsync(new LimitedStream(new UploadStream(file), _options.MaxUploadBytes, UploadDescription), 2, cancellationToken);
        // The magic bytes decide, not the declared type or name: a mislabelled plain file still imports.
        Stream text = prefix is [0x1F, 0x8B] ? new GZipStream(upload, CompressionMode.Decompress) : upload;
        text = new LimitedStream(text, _options.MaxCsvBytes, "decompressed CSV text");

        await using var spool = CreateSpool(_options.TempDirectory ?? Path.GetTempPath(), Id);
        ColumnAccumulator[] columns;
        DatasetColumn[] stored;
        using (var reader = new CsvRecordReader(new TeeStream(text, spool), MaxRecordBytes))
        {
            _header = await ReadHeaderAsync(reader, cancellationToken);
            columns = CreateColumns(_header, RowsPerChunk(_header.Length), categorical: false);
            (_rowCount, stored) = await ReadRowsAsync(reader, columns, cancellationToken);
        }

        var deferred = columns.Where(c => c.State == ColumnState.Deferred).ToArray();
        if (deferred.Length > 0)
        {
            await DeleteChunksAsync(deferred.Select(c => c.Ordinal).ToArray(), cancellationToken);
            spool.Position = 0;
            var rebuilt = deferred.Select(c => new ColumnAccumulator(c.Name, c.Ordinal, RowsPerChunk(_header.Length), categorical: true)).ToArray();
            using var reader = new CsvRecordReader(spool, MaxRecordBytes);
            await reader.ReadAsync(cancellationToken);
            var (_, columnsRebuilt) = await ReadRowsAsync(reader, rebuilt, cancellationToken);
            foreach (var column in columnsRebuilt)
                stored[column.Ordinal] = column;
        }

        _columns = stored;
    }

    /// <summary>
    /// Feeds every record to <paramref name="columns"/> (all of the header's, or the deferred ones in the second
    /// pass) and writes their blocks as chunks; returns the row count.
    /// </summary>
    /// <remarks>
    /// A full block set is encoded and copied to PostgreSQL by a background task while this one parses the next
    /// rows into the columns' other blocks: parsing and the COPY (with the server's work behind it) each take a
    /// core. One block set is in flight at most; the next waits for it.
    /// </remarks>
    private async Task<(long Rows, DatasetColumn[] Columns)> ReadRowsAsync(CsvRecordReader reader, ColumnAccumulator[] columns, CancellationToken cancellationToken)
    {
        int rowsPerChunk = RowsPerChunk(_header.Length);
        var batch = new RecordBatch(columns);
        long rows = 0;
        int inBlock = 0;
        await using var writer = await ChunkCopyWriter.BeginAsync(_connection, Id, cancellationToken);
        Task written = Task.CompletedTask;
        try
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.FieldCount != _header.Length)
                    throw FieldCountError(reader);
                batch.Add(reader);
                rows++;
                if (++inBlock == rowsPerChunk || batch.Count == batch.Capacity)
                    batch.Flush(inBlock - batch.Count);
                if (inBlock == rowsPerChunk)
                {
                    await written;
                    var blocks = TakeBlocks(columns, inBlock);
                    long rowOffset = rows - inBlock;
                    written = Task.Run(() => WriteBlocksAsync(writer, blocks, rowOffset, rowsPerChunk, cancellationToken), cancellationToken);
                    inBlock = 0;
                }
            }

            if (rows == 0)
                throw new CsvFormatException("The file has a header but no data rows.", 2);
            batch.Flush(inBlock - batch.Count);
            await written;
            if (inBlock > 0)
                await WriteBlocksAsync(writer, TakeBlocks(columns, inBlock), rows - inBlock, rowsPerChunk, cancellationToken);
            await writer.CompleteAsync(cancellationToken);
            return (rows, batch.ToColumns(Id));
        }
        finally
        {
            // After a refusal the writer is disposed (its COPY cancelled), which must wait for the write in flight;
            // that write's own failure, if any, matters less than the refusal being thrown.
            await written.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The full blocks of the columns still to be stored (not deferred), by ordinal.</summary>
    private static (int Ordinal, ArraySegment<byte> Block)[] TakeBlocks(ColumnAccumulator[] columns, int rows) =>
        [.. columns.Where(c => c.State != ColumnState.Deferred).Select(c => (c.Ordinal, c.TakeBlock(rows)))];

    private static async Task WriteBlocksAsync(
        ChunkCopyWriter writer, (int Ordinal, ArraySegment<byte> Block)[] blocks, long rowOffset, int rowsPerChunk, CancellationToken cancellationToken)
    {
        int chunkIndex = (int)(rowOffset / rowsPerChunk);
        foreach (var (ordinal, block) in blocks)
            await writer.WriteAsync(ordinal, chunkIndex, rowOffset, block, cancellationToken);
    }

    private static async Task<string[]> ReadHeaderAsync(CsvRecordReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
            throw new CsvFormatException("The file is empty: its first line must name the columns.", 1);
        if (reader.Line > 1)
            throw new CsvFormatException("The file has no header row: line 1 is blank but must name the columns.", 1);

        var names = new string[reader.FieldCount];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        bool allNumbers = true;
        for (int i = 0; i < names.Length; i++)
        {
            var raw = reader.GetField(i);
            allNumbers &= double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            string name = Encoding.UTF8.GetString(raw).Trim();
            if (name.Length == 0)
                throw new CsvFormatException($"Line 1, column {i + 1}: the column name is empty.", 1, i + 1);
            if (!seen.TryAdd(name, i))
                throw new CsvFormatException($"Line 1, column {i + 1}: the column name '{name}' is already used by column {seen[name] + 1}.", 1, i + 1);
            names[i] = name;
        }

        // A header of numbers only is almost always a file without a header, whose first data row would
        // otherwise be silently lost as column names. REVIEW: refuses the rare file really named "2019,2020".
        if (allNumbers)
            throw new CsvFormatException("The file has no header row: line 1 holds only numbers but must name the columns.", 1);
        return names;
    }

    private CsvFormatException FieldCountError(CsvRecordReader reader)
    {
        int column = Math.Min(reader.FieldCount, _header.Length) + 1;
        return new CsvFormatException(
            $"Line {reader.Line} has {reader.FieldCount} fields but the header has {_header.Length}.", reader.Line, column);
    }

    private async Task DeleteChunksAsync(int[] ordinals, CancellationToken cancellationToken)
    {
        await using var delete = new NpgsqlCommand(
            "DELETE FROM dataset_chunks WHERE dataset_id = $1 AND column_ordinal = ANY($2)", _connection, _transaction);
        delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Id });
        delete.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = ordinals });
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WriteColumnsAsync(CancellationToken cancellationToken)
    {
        await using var copy = await _connection.BeginBinaryImportAsync(
            "COPY dataset_columns (dataset_id, ordinal, name, type, missing_count, min, max, mean, std, categories) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var column in _columns!)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(column.DatasetId, NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(column.Ordinal, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(column.Name, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(column.Type.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(column.MissingCount, NpgsqlDbType.Bigint, cancellationToken);
            await WriteNullableAsync(copy, column.Min, cancellationToken);
            await WriteNullableAsync(copy, column.Max, cancellationToken);
            await WriteNullableAsync(copy, column.Mean, cancellationToken);
            await WriteNullableAsync(copy, column.Std, cancellationToken);
            if (column.Categories is null)
                await copy.WriteNullAsync(cancellationToken);
            else
                await copy.WriteAsync(column.Categories, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, double? value, CancellationToken cancellationToken)
    {
        if (value is double v)
            await copy.WriteAsync(v, NpgsqlDbType.Double, cancellationToken);
        else
            await copy.WriteNullAsync(cancellationToken);
    }

    private static ColumnAccumulator[] CreateColumns(string[] header, int rowsPerChunk, bool categorical) =>
        header.Select((name, ordinal) => new ColumnAccumulator(name, ordinal, rowsPerChunk, categorical)).ToArray();

    /// <summary>65,536 rows per chunk, fewer for tables so wide that one block per column would pass the budget.</summary>
    private static int RowsPerChunk(int columnCount) =>
        (int)Math.Clamp(BlockBudgetValues / columnCount, MinRowsPerChunk, MaxRowsPerChunk);

    internal static FileStream CreateSpool(string directory, Guid id)
    {
        return new FileStream(
            Path.Combine(directory, $"dataset-{id:N}.csv"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            bufferSize: 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }
}
