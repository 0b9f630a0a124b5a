using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace TrainingService.Bench.Service;

/// <summary>Latencies of <c>POST /api/models/{id}/predictions</c> as one Api served them, in milliseconds.</summary>
internal sealed record PredictionLatencies(string Name, double[] OneRowMs, double[] ThousandRowsMs);

/// <summary>
/// Prediction latency over loopback HTTP: one-row requests paced at a fixed rate (each sent on its schedule, so a
/// slow answer does not thin out the load), and 1,000-row requests back to back. Several Apis on the same database
/// (e.g. with and without the trained-model cache) are measured in alternating rounds, so load that comes and goes
/// lands on both.
/// </summary>
internal static class PredictionLatency
{
    public const double RequestsPerSecond = 50;

    private const int OneRowPerRound = 100, ThousandRowRequestsPerRound = 3, Rounds = 5;

    public static async Task<PredictionLatencies[]> RunAsync(
        IReadOnlyList<(string Name, HttpClient Http)> apis, Guid modelId, string csvPath, CancellationToken ct)
    {
        string oneRow = Body(ReadRows(csvPath, 1));
        string thousandRows = Body(ReadRows(csvPath, 1000));
        string path = $"/api/models/{modelId}/predictions";
        foreach (var (_, http) in apis)
            for (int i = 0; i < 20; i++)
                await PostAsync(http, path, oneRow, ct); // warm-up: JIT, connections, and the cache where there is one

        var oneRowMs = apis.Select(_ => new List<double>()).ToArray();
        var thousandMs = apis.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < Rounds; round++)
        {
            for (int a = 0; a < apis.Count; a++)
            {
                oneRowMs[a].AddRange(await PacedAsync(apis[a].Http, path, oneRow, ct));
                for (int i = 0; i < ThousandRowRequestsPerRound; i++)
                    thousandMs[a].Add(await PostAsync(apis[a].Http, path, thousandRows, ct));
            }
        }
        return [.. apis.Select((api, a) => new PredictionLatencies(api.Name, [.. oneRowMs[a]], [.. thousandMs[a]]))];
    }

    private static async Task<double[]> PacedAsync(HttpClient http, string path, string body, CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(1 / RequestsPerSecond);
        var clock = Stopwatch.StartNew();
        var requests = new Task<double>[OneRowPerRound];
        for (int i = 0; i < requests.Length; i++)
        {
            TimeSpan due = interval * i - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, ct);
            requests[i] = PostAsync(http, path, body, ct);
        }
        return await Task.WhenAll(requests);
    }

    private static async Task<double> PostAsync(HttpClient http, string path, string body, CancellationToken ct)
    {
        long start = Stopwatch.GetTimestamp();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return ms;
    }

    /// <summary>The CSV's first rows as JSON objects of their pixel columns (the label left out: no evaluation).</summary>
    private static JsonArray ReadRows(string csvPath, int count)
    {
        using var reader = new StreamReader(csvPath);
        string[] header = reader.ReadLine()!.Split(',');
        var rows = new JsonArray();
        while (rows.Count < count && reader.ReadLine() is { } line)
        {
            string[] values = line.Split(',');
            var row = new JsonObject();
            for (int c = 1; c < header.Length; c++)
                row[header[c]] = int.Parse(values[c], System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        return rows;
    }

    private static string Body(JsonArray rows) => new JsonObject { ["rows"] = rows }.ToJsonString();

    /// <summary>The value below which <paramref name="percent"/> % of the sorted samples lie (nearest rank).</summary>
    public static double Percentile(double[] samples, double percent)
    {
        double[] sorted = [.. samples.Order()];
        int rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
