using System.Net.Http.Headers;
using TrainingService.Bench.Hosting;

namespace TrainingService.Bench.Service;

/// <summary>
/// The prediction rounds' servers: Apis that only serve (no in-process worker) and log as the product does by default.
/// The job's Api logs every SQL command for its timeline, which would be the bench's cost, not the product's. This
/// build with the trained-model cache, another build (e.g. main's) with its defaults, and this build without the cache
/// (as before it existed), all measured in the same alternating rounds (<see cref="PredictionLatency"/>).
/// </summary>
internal static class ServingApis
{
    public static async Task<PredictionLatencies[]> MeasureAsync(
        string apiPath, string? baselineApiPath, string connectionString, int engineThreads, string workDirectory,
        AuthenticationHeaderValue? authorization, Guid modelId, string csvPath, CancellationToken ct)
    {
        var serving = new List<(string Name, ServiceProcess Process, HttpClient Http)>();
        try
        {
            serving.Add(await StartAsync("model cache on", apiPath, "api-serving.log", []));
            if (baselineApiPath is not null)
                serving.Add(await StartAsync("baseline, cache on", baselineApiPath, "api-baseline.log", []));
            serving.Add(await StartAsync("model cache off", apiPath, "api-uncached.log", new() { ["Predictions__ModelCacheMegabytes"] = "0" }));
            return await PredictionLatency.RunAsync([.. serving.Select(s => (s.Name, s.Http))], modelId, csvPath, ct);
        }
        finally
        {
            foreach (var (_, process, http) in serving)
            {
                http.Dispose();
                process.Dispose();
            }
        }

        async Task<(string, ServiceProcess, HttpClient)> StartAsync(string name, string path, string logName, Dictionary<string, string> settings)
        {
            settings["Workers__InProcess"] = "false";
            settings["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Warning";
            var process = ApiProcess.Start(path, connectionString, engineThreads, Path.Combine(workDirectory, logName), settings);
            var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.Authorization = authorization;
            await process.WaitUntilReadyAsync(http, TimeSpan.FromMinutes(2), ct);
            return (name, process, http);
        }
    }
}
