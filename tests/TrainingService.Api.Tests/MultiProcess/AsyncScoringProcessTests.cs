using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrainingService.Api.Tests.Training;
using Xunit.Abstractions;

namespace TrainingService.Api.Tests.MultiProcess;

/// <summary>
/// Asynchronous scoring with real processes: the Api (which scores nothing) and a Worker. A worker killed mid-scoring
/// leaves its prediction to the next worker, which stores only the chunks still missing; a 1,000,000-row dataset is
/// scored and downloaded with the Api's memory flat. Memory figures (the processes' resident set) are written to the
/// test log (<c>--logger "console;verbosity=detailed"</c>); bench/TrainingService.Bench.Scoring measures them at any size.
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class AsyncScoringProcessTests(AsyncScoringProcessTests.Cluster cluster, ITestOutputHelper output)
    : IClassFixture<AsyncScoringProcessTests.Cluster>, IAsyncLifetime
{
    /// <summary>The smallest Hangfire allows: how long a killed worker's job stays invisible.</summary>
    private const int InvisibilityTimeoutSeconds = 30;

    /// <summary>Small chunks, so a dataset of a few hundred thousand rows takes many and a kill lands between them.</summary>
    private const int ChunkRows = 2_000;

    private const int Rows = 200_000;

    private const int MillionRows = 1_000_000;

    /// <summary>
    /// How much the Api's resident set may grow while a million rows are scored and streamed as CSV: a garbage-collected
    /// heap's slack, not the rows. Measured +85 to +90 MiB here; holding the rows (as an EF query buffers them under the
    /// retrying execution strategy) took it +420 MiB.
    /// </summary>
    private const long ApiGrowthBound = 200L << 20;

    private static readonly IReadOnlyDictionary<string, string?> SmallChunks = new Dictionary<string, string?>
    {
        ["Predictions__ScoringChunkRows"] = ChunkRows.ToString(CultureInfo.InvariantCulture),
    };

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private HttpClient Api => cluster.Services.Api!.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each test starts the workers it needs; none outlives it, so the next test's are the only ones fetching.</summary>
    public Task DisposeAsync()
    {
        cluster.Services.WriteOutputs(output);
        foreach (var worker in cluster.Services.Processes.Where(p => p.Name.StartsWith("worker", StringComparison.Ordinal) && !p.HasExited))
            worker.Kill();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Sigkill_WorkerMidScoring_NextWorkerStoresOnlyTheMissingChunksAndCsvMatchesPages()
    {
        var (model, dataset) = (await cluster.ModelAsync(), await cluster.DatasetAsync(Rows));
        var victim = await cluster.Services.StartWorkerAsync(SmallChunks);
        long apiBefore = ResidentBytes(cluster.Services.Api!.Id);

        var accepted = await Api.PostAsJsonAsync($"/api/models/{model}/predictions", new { datasetId = dataset, @async = true });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        string location = accepted.Headers.Location!.OriginalString;
        var midway = await Infrastructure.Eventually.GetAsync(() => GetAsync(location), p => p.GetProperty("rowsScored").GetInt32() >= 5 * ChunkRows,
            Timeout, $"prediction {location} to store five chunks");
        long workerAtKill = ResidentBytes(victim.Id);
        victim.Kill();
        int scoredAtKill = (await GetAsync(location)).GetProperty("rowsScored").GetInt32();
        var sinceKill = Stopwatch.StartNew();
        var survivor = await cluster.Services.StartWorkerAsync(SmallChunks);
        var finished = await Infrastructure.Eventually.GetAsync(() => GetAsync(location), p => p.GetProperty("status").GetString() is "succeeded" or "failed",
            Timeout + TimeSpan.FromSeconds(InvisibilityTimeoutSeconds), $"prediction {location} to end");
        output.WriteLine($"MEASURED SIGKILL of {victim.Name} at {scoredAtKill} rows scored (worker RSS {workerAtKill >> 20} MiB) → {survivor.Name} finished after {sinceKill.Elapsed.TotalSeconds:F1} s");

        Assert.Equal("running", midway.GetProperty("status").GetString());
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(Rows, finished.GetProperty("rowsScored").GetInt32());
        Assert.Equal(Rows, finished.GetProperty("evaluation").GetProperty("rows").GetInt32());
        Assert.Contains($"{Rows / ChunkRows} chunks, {scoredAtKill / ChunkRows} already stored", survivor.Output);
        await using (var db = cluster.Services.CreateDbContext())
        {
            Guid id = finished.GetProperty("id").GetGuid();
            var chunks = await db.PredictionResultChunks.Where(c => c.PredictionId == id).Select(c => new { c.ChunkIndex, c.FirstRow, c.RowCount }).ToListAsync();
            Assert.Equal(Enumerable.Range(0, Rows / ChunkRows), chunks.Select(c => c.ChunkIndex).Order());
            Assert.All(chunks, c => Assert.Equal(c.ChunkIndex * ChunkRows, c.FirstRow));
        }

        // The download streams every row; its lines equal the pages they are on (a few pages: across a chunk
        // boundary, the middle, the end).
        var pages = new Dictionary<int, JsonElement[]>();
        foreach (int offset in new[] { 0, ChunkRows - 500, Rows / 2, Rows - 1000 })
            pages[offset] = (await GetAsync($"{location}?offset={offset}&limit=1000")).GetProperty("predictions").EnumerateArray().ToArray();
        long apiPeak = 0;
        int lines = 0;
        string[] header = [];
        using (var response = await Api.GetAsync($"{location}.csv", HttpCompletionOption.ResponseHeadersRead))
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            header = (await reader.ReadLineAsync())!.Split(',');
            while (await reader.ReadLineAsync() is { } line)
            {
                string[] cells = line.Split(',');
                Assert.Equal(lines.ToString(CultureInfo.InvariantCulture), cells[0]);
                foreach (var (offset, page) in pages)
                {
                    if (lines >= offset && lines < offset + page.Length)
                        AssertLineMatches(header, cells, page[lines - offset]);
                }

                if (lines++ % 10_000 == 0)
                    apiPeak = Math.Max(apiPeak, ResidentBytes(cluster.Services.Api!.Id));
            }
        }

        output.WriteLine($"MEASURED Api RSS: {apiBefore >> 20} MiB before scoring, at most {apiPeak >> 20} MiB while streaming the {Rows}-row CSV");
        Assert.Equal(Rows, lines);
        Assert.Equal(["row", "label", "p_high", "p_low", "p_mid"], header);
    }

    [Fact]
    public async Task Score_MillionRowDataset_ApiMemoryStaysFlatWhileScoringAndStreamingTheCsv()
    {
        var (model, dataset) = (await cluster.ModelAsync(), await cluster.DatasetAsync(MillionRows));
        var worker = await cluster.Services.StartWorkerAsync();
        int api = cluster.Services.Api!.Id;
        long apiBefore = ResidentBytes(api), workerBefore = ResidentBytes(worker.Id);

        var accepted = await Api.PostAsJsonAsync($"/api/models/{model}/predictions", new { datasetId = dataset, @async = true });
        string location = accepted.Headers.Location!.OriginalString;
        long apiPeak = apiBefore, workerPeak = workerBefore;
        var finished = await Infrastructure.Eventually.GetAsync(async () =>
            {
                (apiPeak, workerPeak) = (Math.Max(apiPeak, ResidentBytes(api)), Math.Max(workerPeak, ResidentBytes(worker.Id)));
                return await GetAsync(location);
            }, p => p.GetProperty("status").GetString() is "succeeded" or "failed", Timeout, $"prediction {location} to end");
        long lines = 0;
        var lastPage = (await GetAsync($"{location}?offset={MillionRows - 2}&limit=10")).GetProperty("predictions").EnumerateArray().ToArray();
        string[] last = [];
        using (var response = await Api.GetAsync($"{location}.csv", HttpCompletionOption.ResponseHeadersRead))
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            string[] header = (await reader.ReadLineAsync())!.Split(',');
            while (await reader.ReadLineAsync() is { } line)
            {
                if (lines++ % 20_000 == 0)
                    apiPeak = Math.Max(apiPeak, ResidentBytes(api));
                if (lines > MillionRows - 2)
                    AssertLineMatches(header, last = line.Split(','), lastPage[(int)lines - 1 - (MillionRows - 2)]);
            }
        }

        output.WriteLine($"MEASURED {MillionRows} rows: Api RSS {apiBefore >> 20} MiB before, peak {apiPeak >> 20} MiB while scoring and streaming the CSV; Worker RSS {workerBefore >> 20} MiB before, peak {workerPeak >> 20} MiB");
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(MillionRows, finished.GetProperty("rowsScored").GetInt32());
        Assert.Equal(MillionRows, lines);
        Assert.Equal((MillionRows - 1).ToString(CultureInfo.InvariantCulture), last[0]);
        Assert.True(apiPeak - apiBefore < ApiGrowthBound, $"The Api grew from {apiBefore >> 20} MiB to {apiPeak >> 20} MiB");
    }

    private static void AssertLineMatches(string[] header, string[] cells, JsonElement row)
    {
        Assert.Equal(row.GetProperty("label").GetString(), cells[1]);
        for (int c = 2; c < header.Length; c++)
            Assert.Equal(row.GetProperty("probabilities").GetProperty(header[c][2..]).GetDouble(), double.Parse(cells[c], CultureInfo.InvariantCulture));
    }

    private async Task<JsonElement> GetAsync(string location) =>
        await Api.GetFromJsonAsync<JsonElement>(location.Contains('?', StringComparison.Ordinal) ? location : $"{location}?limit=1");

    /// <summary>The process's resident set (VmRSS), from /proc.</summary>
    internal static long ResidentBytes(int pid)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) << 10;
        }

        return 0;
    }

    public sealed class Cluster : IAsyncLifetime
    {
        private Guid? _model;
        private readonly Dictionary<int, Guid> _datasets = [];

        public ServiceCluster Services { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Services = await ServiceCluster.CreateAsync(nameof(AsyncScoringProcessTests), new Dictionary<string, string?>
            {
                ["Hangfire__InvisibilityTimeoutSeconds"] = InvisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                ["Workers__WorkerCount"] = "1",
                ["Workers__EngineThreadsPerJob"] = "1",
            });
            await Services.StartApiAsync();
        }

        /// <summary>A classifier, trained by a worker started for it and killed once it has (so the tests choose their workers).</summary>
        public async Task<Guid> ModelAsync()
        {
            if (_model is null)
            {
                var client = Services.Api!.Client;
                var trainer = await Services.StartWorkerAsync();
                Guid small = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(2000));
                Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
                Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = small, epochs = 5, batchSize = 64 });
                var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);
                Assert.Equal("succeeded", finished.GetProperty("status").GetString());
                trainer.Kill();
                _model = model;
            }

            return _model.Value;
        }

        /// <summary>A dataset of the classifier's columns with <paramref name="rows"/> rows, uploaded once.</summary>
        public async Task<Guid> DatasetAsync(int rows)
        {
            if (!_datasets.TryGetValue(rows, out Guid dataset))
                _datasets[rows] = dataset = await TrainingScenario.UploadAsync(Services.Api!.Client, TrainingScenario.ClassificationCsv(rows, seed: 7));
            return dataset;
        }

        public Task DisposeAsync() => Services.DisposeAsync().AsTask();
    }
}
