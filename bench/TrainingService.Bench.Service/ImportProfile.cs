using System.Diagnostics;
using Npgsql;
using TrainingService.Core.Datasets;
using TrainingService.Core.Datasets.Import;

namespace TrainingService.Bench.Service;

/// <summary>Seconds of each stage of an import of the same CSV, re-run with Core's own classes in this process.</summary>
internal sealed record ImportStageTimes(double ReadSeconds, double TokenizeSeconds, double ParseSeconds, double SpoolSeconds, double ImportSeconds);

/// <summary>
/// Splits an upload's time, which the Api reports only as a whole, by running its stages cumulatively here:
/// the file read alone; <see cref="CsvRecordReader"/> over it (every field located); that plus every field added
/// to its column through a <see cref="RecordBatch"/> (the number parse, statistics and the store into the block); and the whole
/// <see cref="DatasetImport"/> against the bench database (plus the spool, the chunk encoding and the COPY). The
/// upload's remainder over the last is HTTP and the multipart body. Each the median of <see cref="Repeats"/> runs.
/// </summary>
internal static class ImportProfile
{
    private const int Repeats = 3;
    private const int MaxRecordBytes = 64 << 20;

    public static async Task<ImportStageTimes> RunAsync(string connectionString, string csvPath, CancellationToken ct)
    {
        var runs = new List<ImportStageTimes>();
        for (int i = 0; i < Repeats; i++)
        {
            runs.Add(new ImportStageTimes(
                await TimeAsync(() => ReadAsync(csvPath, ct)),
                await TimeAsync(() => TokenizeAsync(csvPath, accumulate: false, spool: false, ct)),
                await TimeAsync(() => TokenizeAsync(csvPath, accumulate: true, spool: false, ct)),
                await TimeAsync(() => TokenizeAsync(csvPath, accumulate: true, spool: true, ct)),
                await TimeAsync(() => ImportAsync(connectionString, csvPath, ct))));
        }

        return new ImportStageTimes(
            Stats.Of(runs.Select(r => r.ReadSeconds)).Median, Stats.Of(runs.Select(r => r.TokenizeSeconds)).Median,
            Stats.Of(runs.Select(r => r.ParseSeconds)).Median, Stats.Of(runs.Select(r => r.SpoolSeconds)).Median,
            Stats.Of(runs.Select(r => r.ImportSeconds)).Median);
    }

    public static void Print(ImportStageTimes times, double uploadMedianSeconds)
    {
        Console.WriteLine();
        Console.WriteLine($"Where an upload's time goes (stages re-run cumulatively in the bench process, median of {Repeats}):");
        Line("read the file (1 MiB reads)", times.ReadSeconds);
        Line("+ tokenize (CsvRecordReader, every field located)", times.TokenizeSeconds);
        Line("+ parse numbers, statistics, blocks (RecordBatch)", times.ParseSeconds);
        Line("+ the text spooled to a temporary file, as the import does", times.SpoolSeconds);
        Line("the whole import: + chunk encoding, COPY, commit (DatasetImport)", times.ImportSeconds);
        Line("the upload over HTTP (median round)", uploadMedianSeconds);

        static void Line(string name, double seconds) => Console.WriteLine($"{name,-60} {seconds,10:F3} s");
    }

    private static async Task<double> TimeAsync(Func<Task> stage)
    {
        GC.Collect();
        long start = Stopwatch.GetTimestamp();
        await stage();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static FileStream Open(string csvPath) =>
        new(csvPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static async Task ReadAsync(string csvPath, CancellationToken ct)
    {
        await using var file = Open(csvPath);
        var buffer = new byte[1 << 20];
        while (await file.ReadAsync(buffer, ct) > 0)
        {
        }
    }

    private static async Task TokenizeAsync(string csvPath, bool accumulate, bool spool, CancellationToken ct)
    {
        await using var file = Open(csvPath);
        await using var spoolFile = spool ? DatasetImport.CreateSpool(Path.GetTempPath(), Guid.NewGuid()) : null;
        using var reader = new CsvRecordReader(spoolFile is null ? file : new TeeStream(file, spoolFile), MaxRecordBytes);
        await reader.ReadAsync(ct);
        int columnCount = reader.FieldCount;
        int rowsPerChunk = DatasetImport.MaxRowsPerChunk / 4;
        var columns = Enumerable.Range(0, columnCount).Select(i => new ColumnAccumulator($"c{i}", i, rowsPerChunk, categorical: false)).ToArray();
        var batch = new RecordBatch(columns);
        int row = 0;
        long length = 0;
        while (await reader.ReadAsync(ct))
        {
            if (accumulate)
            {
                batch.Add(reader);
                if (++row == rowsPerChunk || batch.Count == batch.Capacity)
                    batch.Flush(row - batch.Count);
                row %= rowsPerChunk;
            }
            else
            {
                for (int i = 0; i < columnCount; i++)
                    length += reader.GetField(i).Length;
            }
        }

        GC.KeepAlive(length);
    }

    private static async Task ImportAsync(string connectionString, string csvPath, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        Guid tenantId;
        await using (var query = new NpgsqlCommand("SELECT id FROM tenants LIMIT 1", connection))
            tenantId = (Guid)(await query.ExecuteScalarAsync(ct))!;
        await using var file = Open(csvPath);
        Guid id;
        await using (var import = await DatasetImport.BeginAsync(connection, new DatasetOptions(), tenantId, ct))
        {
            if (await import.ReadCsvAsync(file, ct) is not CsvReadOutcome.Read and var refusal)
                throw new InvalidOperationException($"The profile's import was refused: {refusal}");
            id = await import.CommitAsync("import profile", ct);
        }

        await using var connection2 = new NpgsqlConnection(connectionString);
        await connection2.OpenAsync(ct);
        await using var delete = new NpgsqlCommand("DELETE FROM datasets WHERE id = $1", connection2);
        delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await delete.ExecuteNonQueryAsync(ct);
    }
}
