using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Predictions;

namespace TrainingService.Api.Tests.Predictions;

public sealed class AsyncScoringTests(AsyncScoringFactory factory) : IClassFixture<AsyncScoringFactory>
{
    private const int DatasetRows = 400;

    [Fact]
    public async Task Create_AsyncDataset_Returns202ThenSucceedsWithTheSynchronousRowsAndEvaluation()
    {
        var client = factory.CreateClient();

        var accepted = await client.PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions", new { datasetId = factory.ClassificationDatasetId, @async = true });
        var queued = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var finished = await WaitUntilEndedAsync(client, accepted.Headers.Location!.OriginalString);
        var sync = await (await client.PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions", new { datasetId = factory.ClassificationDatasetId }))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"/api/models/{factory.ClassifierId}/predictions/{queued.GetProperty("id").GetGuid()}", accepted.Headers.Location?.OriginalString);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.Equal(DatasetRows, queued.GetProperty("rowCount").GetInt32());
        Assert.Equal(factory.ClassificationDatasetId, queued.GetProperty("datasetId").GetGuid());
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(DatasetRows, finished.GetProperty("rowsScored").GetInt32());
        Assert.True(finished.TryGetProperty("finishedAt", out var at) && at.ValueKind == JsonValueKind.String, finished.ToString());
        var paged = await PageAllAsync(client, accepted.Headers.Location!.OriginalString, limit: 150);
        AssertSameRows(sync.GetProperty("predictions").EnumerateArray().ToList(), paged);
        Assert.True(JsonElement.DeepEquals(sync.GetProperty("evaluation"), finished.GetProperty("evaluation")), finished.GetProperty("evaluation").ToString());
        Assert.True(JsonElement.DeepEquals(sync.GetProperty("metrics"), finished.GetProperty("metrics")), finished.GetProperty("metrics").ToString());
    }

    [Fact]
    public async Task Get_PageAcrossChunkBoundary_ReturnsThoseRowsInOrder()
    {
        var client = factory.CreateClient();
        string location = await ScoreAsync(client);
        var all = await PageAllAsync(client, location, limit: 1000);

        var page = await client.GetFromJsonAsync<JsonElement>($"{location}?offset={AsyncScoringFactory.ChunkRows - 3}&limit=10");

        Assert.Equal(AsyncScoringFactory.ChunkRows - 3, page.GetProperty("offset").GetInt32());
        AssertSameRows(all.Skip(AsyncScoringFactory.ChunkRows - 3).Take(10).ToList(), page.GetProperty("predictions").EnumerateArray().ToList());
        var pastEnd = await client.GetFromJsonAsync<JsonElement>($"{location}?offset={DatasetRows}&limit=10");
        Assert.Empty(pastEnd.GetProperty("predictions").EnumerateArray());
    }

    [Fact]
    public async Task DownloadCsv_AsyncPrediction_EqualsThePagedRows()
    {
        var client = factory.CreateClient();
        string location = await ScoreAsync(client);
        var paged = await PageAllAsync(client, location, limit: 1000);

        var response = await client.GetAsync($"{location}.csv", HttpCompletionOption.ResponseHeadersRead);
        string[] lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("row,label,p_high,p_low,p_mid", lines[0]);
        Assert.Equal(DatasetRows + 1, lines.Length);
        for (int r = 0; r < DatasetRows; r++)
        {
            string[] cells = lines[r + 1].Split(',');
            var expected = paged[r];
            Assert.Equal(r.ToString(CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(expected.GetProperty("label").GetString(), cells[1]);
            string[] labels = ["high", "low", "mid"];
            for (int c = 0; c < labels.Length; c++)
                Assert.Equal(expected.GetProperty("probabilities").GetProperty(labels[c]).GetDouble(), double.Parse(cells[2 + c], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task DownloadCsv_SynchronousRegression_WritesRowAndValue()
    {
        var client = factory.CreateClient();
        var rows = new object[] { new { a = 0.5, b = -1.0 }, new { a = -0.5, b = 2.0 } };
        var created = await (await client.PostAsJsonAsync($"/api/models/{factory.RegressorId}/predictions", new { rows })).Content.ReadFromJsonAsync<JsonElement>();
        double[] values = created.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToArray();

        string csv = await client.GetStringAsync($"/api/models/{factory.RegressorId}/predictions/{created.GetProperty("id").GetGuid()}.csv");

        Assert.Equal($"row,value\n0,{values[0].ToString("R", CultureInfo.InvariantCulture)}\n1,{values[1].ToString("R", CultureInfo.InvariantCulture)}\n", csv);
    }

    [Fact]
    public async Task Create_AsyncWithInlineRows_Returns400NamingAsync()
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions",
            new { rows = new object[] { new { x = 1.0, y = 1.0, shade = "dark" } }, @async = true });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("async", out _), problem.ToString());
    }

    [Fact]
    public async Task Create_AsyncUnknownDataset_Returns400NamingDatasetId()
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions", new { datasetId = Guid.NewGuid(), @async = true });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("datasetId", out _), problem.ToString());
    }

    [Fact]
    public async Task Create_AsyncDatasetWithoutAFeatureColumn_Returns400NamingDatasetIdAndTheColumn()
    {
        var client = factory.CreateClient();
        Guid other = await Training.TrainingScenario.UploadAsync(client, "x,shade,label\n1.0,dark,low\n-1.0,light,high\n");

        var response = await client.PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions", new { datasetId = other, @async = true });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("feature column(s): y", problem.GetProperty("errors").GetProperty("datasetId")[0].GetString());
    }

    [Fact]
    public async Task Cancel_FinishedPrediction_Returns409()
    {
        var client = factory.CreateClient();
        string location = await ScoreAsync(client);

        var response = await client.PostAsync($"{location}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Cancel_RunningPrediction_StopsBetweenChunksKeepingThemAndEndsCancelled()
    {
        var client = factory.CreateClient();
        Guid id = await CreateQueuedInDatabaseAsync();
        await using (var scope = factory.CreateTenantScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
            await db.Predictions.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PredictionStatus.Running));
        }

        var cancel = await client.PostAsync($"/api/models/{factory.ClassifierId}/predictions/{id}/cancel", null);
        await factory.Services.GetRequiredService<BatchScoringRunner>().RunAsync(id, CancellationToken.None);
        var ended = await client.GetFromJsonAsync<JsonElement>($"/api/models/{factory.ClassifierId}/predictions/{id}");

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        Assert.Equal(0, ended.GetProperty("rowsScored").GetInt32());
    }

    [Fact]
    public async Task Run_AfterACrashMidway_StoresOnlyTheMissingChunksAndEndsWithEveryRow()
    {
        var client = factory.CreateClient();
        string location = await ScoreAsync(client);
        Guid id = Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
        var before = await PageAllAsync(client, location, limit: 1000);
        // The state a worker killed after its third chunk leaves: running, three chunks stored, progress at them.
        await using (var scope = factory.CreateTenantScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
            await db.PredictionResultChunks.Where(c => c.PredictionId == id && c.ChunkIndex >= 3).ExecuteDeleteAsync();
            await db.Predictions.Where(p => p.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, PredictionStatus.Running).SetProperty(p => p.RowsScored, 3 * AsyncScoringFactory.ChunkRows));
        }

        await factory.Services.GetRequiredService<BatchScoringRunner>().RunAsync(id, CancellationToken.None);
        var after = await client.GetFromJsonAsync<JsonElement>(location);

        Assert.Equal("succeeded", after.GetProperty("status").GetString());
        Assert.Equal(DatasetRows, after.GetProperty("rowsScored").GetInt32());
        AssertSameRows(before, await PageAllAsync(client, location, limit: 1000));
        Assert.Equal(400, after.GetProperty("evaluation").GetProperty("rows").GetInt32());
        await using (var scope = factory.CreateTenantScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
            var chunks = await db.PredictionResultChunks.Where(c => c.PredictionId == id).OrderBy(c => c.ChunkIndex).Select(c => c.ChunkIndex).ToListAsync();
            Assert.Equal(Enumerable.Range(0, 7), chunks);
        }
    }

    [Fact]
    public async Task Create_AsyncWithTheTenantsCapQueued_Returns429NamingTheQuota()
    {
        // Four queued predictions no worker was told of: the default cap (Quotas:MaxActivePredictions).
        var queued = new List<Guid>();
        try
        {
            for (int i = 0; i < 4; i++)
                queued.Add(await CreateQueuedInDatabaseAsync());

            var response = await factory.CreateClient().PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions",
                new { datasetId = factory.ClassificationDatasetId, @async = true });
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal("MaxActivePredictions", problem.GetProperty("quota").GetString());
            Assert.Equal(4, problem.GetProperty("used").GetInt64());
        }
        finally
        {
            await using var scope = factory.CreateTenantScope();
            await scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>().Predictions.Where(p => queued.Contains(p.Id)).ExecuteDeleteAsync();
        }
    }

    /// <summary>A queued asynchronous prediction of the classifier written straight to the database, which no worker has been told of.</summary>
    private async Task<Guid> CreateQueuedInDatabaseAsync()
    {
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        var prediction = new Prediction
        {
            Id = Guid.CreateVersion7(), ModelId = factory.ClassifierId, TrainingJobId = factory.ClassifierJobId, CreatedAt = DateTimeOffset.UtcNow,
            RowCount = DatasetRows, Status = PredictionStatus.Queued, Chunked = true, DatasetId = factory.ClassificationDatasetId, Results = [],
        };
        db.Predictions.Add(prediction);
        await db.SaveChangesAsync();
        return prediction.Id;
    }

    private async Task<string> ScoreAsync(HttpClient client)
    {
        var accepted = await client.PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions", new { datasetId = factory.ClassificationDatasetId, @async = true });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        string location = accepted.Headers.Location!.OriginalString;
        var finished = await WaitUntilEndedAsync(client, location);
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        return location;
    }

    private static Task<JsonElement> WaitUntilEndedAsync(HttpClient client, string location) =>
        Eventually.GetAsync(() => client.GetFromJsonAsync<JsonElement>($"{location}?limit=1"),
            p => p.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled", what: $"prediction {location} to end");

    private static async Task<List<JsonElement>> PageAllAsync(HttpClient client, string location, int limit)
    {
        var rows = new List<JsonElement>();
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"{location}?offset={rows.Count}&limit={limit}");
            var items = page.GetProperty("predictions").EnumerateArray().ToList();
            rows.AddRange(items);
            if (items.Count < limit)
                return rows;
        }
    }

    private static void AssertSameRows(List<JsonElement> expected, List<JsonElement> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int r = 0; r < expected.Count; r++)
            Assert.True(JsonElement.DeepEquals(expected[r], actual[r]), $"row {r}: {expected[r]} vs {actual[r]}");
    }
}
