using System.Diagnostics;
using System.Text;
using Npgsql;
using TrainingService.Bench.Hosting;

namespace TrainingService.Bench.Service;

/// <summary>
/// Upload and COPY speeds of each round (MB/s, 10^6 bytes), the CPU seconds each side spent (the upload: the Api and
/// PostgreSQL; COPY: PostgreSQL), how busy the whole machine was during the upload (CPU seconds over its wall time),
/// and the dataset the first upload stored.
/// </summary>
internal sealed record ImportRounds(double[] CopyMbps, double[] UploadMbps, double[] CopyCpu, double[] UploadCpu, double[] MachineBusy, Guid DatasetId)
{
    /// <summary>Upload MB/s over COPY MB/s, round by round.</summary>
    public double[] Ratios => [.. UploadMbps.Zip(CopyMbps, (upload, copy) => upload / copy)];
}

/// <summary>
/// Our <c>POST /api/datasets</c> against PostgreSQL's own <c>COPY … FROM STDIN (FORMAT csv, HEADER)</c> of the same
/// CSV into a table of <c>real</c> columns, one of each per round (COPY first, then the upload), so load that comes
/// and goes on a shared machine lands on both sides.
/// </summary>
internal static class ImportComparison
{
    private const string Table = "copy_peer";
    private const double Target = 3;

    public static async Task<ImportRounds> RunAsync(
        ServiceClient client, int apiProcessId, string connectionString, string csvPath, int rounds, Action<string> say, CancellationToken ct)
    {
        long bytes = new FileInfo(csvPath).Length;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await CreateTableAsync(connection, csvPath, ct);
        var copyMbps = new List<double>();
        var uploadMbps = new List<double>();
        var copyCpu = new List<double>();
        var uploadCpu = new List<double>();
        var machineBusy = new List<double>();
        Guid datasetId = Guid.Empty;
        for (int round = 1; round <= rounds; round++)
        {
            await ExecuteAsync(connection, $"TRUNCATE {Table}", ct);
            double postgres = ProcessCpu.Postgres();
            double copySeconds = await CopyAsync(connection, csvPath, ct);
            copyCpu.Add(ProcessCpu.Postgres() - postgres);
            (postgres, double api, double machine) = (ProcessCpu.Postgres(), ProcessCpu.Of(apiProcessId), ProcessCpu.Machine());
            var (id, elapsed) = await client.UploadAsync(csvPath, $"fashion-mnist-{round}", ct);
            uploadCpu.Add(ProcessCpu.Postgres() - postgres + ProcessCpu.Of(apiProcessId) - api);
            machineBusy.Add((ProcessCpu.Machine() - machine) / elapsed.TotalSeconds);
            copyMbps.Add(bytes / 1e6 / copySeconds);
            uploadMbps.Add(bytes / 1e6 / elapsed.TotalSeconds);
            say($"round {round}: COPY {copySeconds:F2} s ({copyMbps[^1]:F1} MB/s, {copyCpu[^1]:F2} CPU s), upload {elapsed.TotalSeconds:F2} s ({uploadMbps[^1]:F1} MB/s, {uploadCpu[^1]:F2} CPU s; machine {machineBusy[^1]:F2} cores busy), ratio {uploadMbps[^1] / copyMbps[^1]:F2}");
            if (round == 1)
                datasetId = id;
            else
                await client.DeleteDatasetAsync(id, ct);
        }

        await ExecuteAsync(connection, $"DROP TABLE {Table}", ct);
        return new ImportRounds([.. copyMbps], [.. uploadMbps], [.. copyCpu], [.. uploadCpu], [.. machineBusy], datasetId);
    }

    /// <summary>One <c>real</c> column per header field, named as in the file.</summary>
    private static async Task CreateTableAsync(NpgsqlConnection connection, string csvPath, CancellationToken ct)
    {
        string header;
        using (var reader = new StreamReader(csvPath))
            header = await reader.ReadLineAsync(ct) ?? throw new InvalidDataException($"{csvPath} is empty.");
        var columns = header.Split(',').Select(name => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" real");
        await ExecuteAsync(connection, $"CREATE TABLE {Table} ({string.Join(", ", columns)})", ct);
    }

    /// <summary>The file's text through Npgsql's text COPY; the time runs until PostgreSQL has committed it.</summary>
    private static async Task<double> CopyAsync(NpgsqlConnection connection, string csvPath, CancellationToken ct)
    {
        using var file = new StreamReader(csvPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, 1 << 16);
        var buffer = new char[1 << 16];
        long start = Stopwatch.GetTimestamp();
        await using (var copy = await connection.BeginTextImportAsync($"COPY {Table} FROM STDIN (FORMAT csv, HEADER)", ct))
        {
            int read;
            while ((read = await file.ReadAsync(buffer, ct)) > 0)
                await copy.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    public static void Print(ImportRounds rounds, long csvBytes)
    {
        var copy = Stats.Of(rounds.CopyMbps);
        var upload = Stats.Of(rounds.UploadMbps);
        var ratio = Stats.Of(rounds.Ratios);
        Console.WriteLine();
        Console.WriteLine($"Import vs PostgreSQL COPY, {csvBytes / 1e6:F1} MB CSV, {rounds.CopyMbps.Length} alternated rounds, {CpuModel.Name}, {Environment.ProcessorCount} cores:");
        Console.WriteLine($"{"measure",-60} {"median",10} {"min - max",21} {"n",4}");
        Row("PostgreSQL COPY (FORMAT csv) into real columns (MB/s)", copy);
        Row("our POST /api/datasets, CSV bytes / time to 201 (MB/s)", upload);
        Row("ratio upload / COPY, per round", ratio, "F2");
        Console.WriteLine($"{"ratio of the medians",-60} {upload.Median / copy.Median,10:F2} {(ratio.Median >= Target ? "target >= 3: met" : "target >= 3: NOT met")}");
        Row("CPU s of COPY (PostgreSQL)", Stats.Of(rounds.CopyCpu), "F2");
        Row("CPU s of the upload (Api + PostgreSQL)", Stats.Of(rounds.UploadCpu), "F2");
        Row("cores busy during the upload, whole machine (of " + Environment.ProcessorCount + ")", Stats.Of(rounds.MachineBusy), "F2");

        static void Row(string name, Stats s, string format = "F1") =>
            Console.WriteLine($"{name,-60} {s.Median.ToString(format),10} {$"{s.Min.ToString(format)} - {s.Max.ToString(format)}",21} {s.Count,4}");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
