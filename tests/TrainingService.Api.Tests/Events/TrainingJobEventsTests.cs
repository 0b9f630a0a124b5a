using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;
using TrainingService.Core.Data;

namespace TrainingService.Api.Tests.Events;

/// <summary>
/// The event streams in one process (Api with an in-process worker): replay, Last-Event-ID, the tenant stream,
/// tickets, refusals, heartbeats and the stream cap. The cross-process delivery is in MultiProcess/EventStreamTests.
/// </summary>
public sealed class TrainingJobEventsTests(EventsApiFactory factory) : IClassFixture<EventsApiFactory>
{
    private const int Epochs = 3;

    [Fact]
    public async Task Events_FinishedJob_ReplaysStatusesAndEveryEpochAsInHistoryThenEnds()
    {
        var client = factory.CreateClient();
        Guid job = await FinishedJobAsync(client);

        var (stream, response) = await EventStream.OpenAsync(client, $"/api/training-jobs/{job}/events");
        await using var _ = stream;
        var events = await stream!.ReadToEndAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());
        Assert.Equal(["status", "status", "epoch", "epoch", "epoch", "status", "end"], events.Select(e => e.Type));
        Assert.Equal(["queued", "running", "succeeded"], events.Where(e => e.Type == "status").Select(e => e.Data.GetProperty("status").GetString()));
        Assert.All(events.Where(e => e.Type == "status"), e => Assert.Equal(job, e.Data.GetProperty("jobId").GetGuid()));
        var durable = events.Where(e => e.Type is "status" or "epoch").Select(e => e.IdNumber).ToList();
        Assert.Equal(durable.Order(), durable);
        Assert.Equal(durable.Count, durable.Distinct().Count());
        Assert.Null(events[^1].Id);
        Assert.Equal("succeeded", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal("completed", events[^1].Data.GetProperty("stopReason").GetString());
        // The epoch events are the history rows, field for field.
        var history = await TrainingScenario.GetHistoryAsync(client, job);
        Assert.Equal(history.Select(h => h.ToString()), events.Where(e => e.Type == "epoch").Select(e => e.Data.ToString()));
    }

    [Fact]
    public async Task Events_LastEventIdOfEpochOne_ReplaysOnlyWhatFollows_HeaderOrQuery()
    {
        var client = factory.CreateClient();
        Guid job = await FinishedJobAsync(client);
        var all = await ReadAllAsync(client, $"/api/training-jobs/{job}/events");
        var epochOne = all.Single(e => e.Type == "epoch" && e.Data.GetProperty("epoch").GetInt32() == 1);

        var (byHeader, _) = await EventStream.OpenAsync(client, $"/api/training-jobs/{job}/events", lastEventId: epochOne.Id);
        await using var h = byHeader;
        var afterHeader = await byHeader!.ReadToEndAsync();
        var afterQuery = await ReadAllAsync(client, $"/api/training-jobs/{job}/events?lastEventId={epochOne.Id}");

        var expected = all.SkipWhile(e => e != epochOne).Skip(1).Select(e => e.ToString()).ToList();
        Assert.Equal(["epoch", "epoch", "status", "end"], afterHeader.Select(e => e.Type));
        Assert.Equal(expected, afterHeader.Select(e => e.ToString()));
        Assert.Equal(expected, afterQuery.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task Events_BadLastEventId_Returns400NamingIt(string lastEventId)
    {
        var client = factory.CreateClient();
        Guid job = await FinishedJobAsync(client);

        var (_, response) = await EventStream.OpenAsync(client, $"/api/training-jobs/{job}/events", lastEventId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("lastEventId", out _), problem.ToString());
    }

    [Fact]
    public async Task Events_AnotherTenantsJobOrNoKey_404Or401()
    {
        Guid job = await FinishedJobAsync(factory.CreateClient());
        var (_, otherKey) = await factory.CreateTenantAsync("stranger");

        var (_, asOther) = await EventStream.OpenAsync(factory.CreateClientWithKey(otherKey), $"/api/training-jobs/{job}/events");
        var (_, anonymous) = await EventStream.OpenAsync(factory.CreateClientWithKey(null), $"/api/training-jobs/{job}/events");
        var (_, anonymousTenant) = await EventStream.OpenAsync(factory.CreateClientWithKey(null), "/api/training-jobs/events");

        Assert.Equal(HttpStatusCode.NotFound, asOther.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousTenant.StatusCode);
    }

    [Fact]
    public async Task Ticket_OpensOneStreamOnce_NotOtherRoutes_NotWhenExpired_NotAnotherTenantsJob()
    {
        var client = factory.CreateClient();
        Guid job = await FinishedJobAsync(client);
        var anonymous = factory.CreateClientWithKey(null);

        string ticket = await TicketAsync(client);
        var replay = await ReadAllAsync(anonymous, $"/api/training-jobs/{job}/events?ticket={ticket}");
        var (_, again) = await EventStream.OpenAsync(anonymous, $"/api/training-jobs/{job}/events?ticket={ticket}");

        string forOtherRoute = await TicketAsync(client);
        using var otherRoute = await anonymous.GetAsync($"/api/training-jobs/{job}?ticket={forOtherRoute}");

        string expiring = await TicketAsync(client);
        await using (var scope = factory.CreateTenantScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
            await db.StreamTickets.ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }
        var (_, expired) = await EventStream.OpenAsync(anonymous, $"/api/training-jobs/{job}/events?ticket={expiring}");

        var (_, otherKey) = await factory.CreateTenantAsync("ticket-holder");
        string othersTicket = await TicketAsync(factory.CreateClientWithKey(otherKey));
        var (_, wrongTenant) = await EventStream.OpenAsync(anonymous, $"/api/training-jobs/{job}/events?ticket={othersTicket}");

        Assert.Equal("end", replay[^1].Type);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherRoute.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongTenant.StatusCode);
    }

    [Fact]
    public async Task TenantEvents_NewJob_StatusChangesAndEndOfThatModelOnly_WithHeartbeatComments()
    {
        var (_, key) = await factory.CreateTenantAsync("dashboard");
        var client = factory.CreateClientWithKey(key);
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(200));
        Guid watched = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        Guid other = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));

        var (stream, _) = await EventStream.OpenAsync(client, $"/api/training-jobs/events?modelId={watched}");
        await using var s = stream;
        Guid ignored = await TrainingScenario.StartJobAsync(client, new { modelId = other, datasetId = dataset, epochs = 1 });
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = watched, datasetId = dataset, epochs = 2 });
        var events = await stream!.ReadUntilAsync(e => e.Type == "end");

        Assert.Equal(["queued", "running", "succeeded"], events.Where(e => e.Type == "status").Select(e => e.Data.GetProperty("status").GetString()));
        Assert.All(events, e => Assert.Equal(job, e.Data.GetProperty("jobId").GetGuid()));
        Assert.DoesNotContain(events, e => e.Type is "epoch" or "progress");
        Assert.Equal("succeeded", events[^1].Data.GetProperty("status").GetString());
        await TrainingScenario.WaitUntilFinishedAsync(client, ignored);

        // An idle stream answers at once (headers before any event), then gets a comment every HeartbeatSeconds (1
        // here), which the parser above skips: read the raw text.
        using var raw = await client.GetAsync("/api/training-jobs/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await raw.Content.ReadAsStreamAsync());
        var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(": keep-alive", line);
    }

    [Fact]
    public async Task Events_OneStreamMoreThanTheTenantsCap_Returns429()
    {
        var (_, key) = await factory.CreateTenantAsync("greedy");
        var client = factory.CreateClientWithKey(key);
        var open = new List<EventStream>();
        try
        {
            for (int i = 0; i < EventsApiFactory.MaxStreamsPerTenant; i++)
            {
                var (stream, response) = await EventStream.OpenAsync(client, "/api/training-jobs/events");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                open.Add(stream!);
            }

            var (_, refused) = await EventStream.OpenAsync(client, "/api/training-jobs/events");

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            foreach (var stream in open)
                await stream.DisposeAsync();
        }

        // Closed streams give their places back.
        await Eventually.GetAsync(async () =>
        {
            var (stream, response) = await EventStream.OpenAsync(client, "/api/training-jobs/events");
            if (stream is not null)
                await stream.DisposeAsync();
            return response.StatusCode;
        }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "a stream place to be released");
    }

    [Fact]
    public async Task OpenApi_EventRoutes_DocumentTextEventStreamAndEveryEventTypeWithItsPayload()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        foreach (string path in new[] { "/api/training-jobs/{id}/events", "/api/training-jobs/events" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            var ok = get.GetProperty("responses").GetProperty("200");
            Assert.True(ok.TryGetProperty("content", out var content) && content.TryGetProperty("text/event-stream", out _), $"{path}: {ok}");
            string description = get.GetProperty("description").GetString()!;
            Assert.Contains("`status` (with `id:`): `{ jobId, status, at, reason, worker, attempt }`", description);
            Assert.Contains("`{ epoch, trainLoss, validationLoss, trainMetrics, validationMetrics, learningRate, durationMs }`", description);
            Assert.Contains("`{ jobId, epoch, batchesCompleted, batchesPerEpoch, samplesPerSecond, epochEtaSeconds, jobEtaSeconds }`", description);
            Assert.Contains("`{ jobId, status, stopReason, error }`", description);
            Assert.Contains("Last-Event-ID", description);
        }

        Assert.True(paths.GetProperty("/api/stream-tickets").TryGetProperty("post", out _));
    }

    [Fact]
    public async Task GetJob_Running_ShowsLiveFields_QueuedJobShowsPosition_CancelShowsCancelling()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(2000));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", hiddenUnits: 64));
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 100_000, batchSize = 8 });

        var running = await TrainingScenario.WaitForJobAsync(client, job,
            j => j.GetProperty("status").GetString() == "running" && j.GetProperty("batchesPerEpoch").ValueKind == JsonValueKind.Number && j.GetProperty("epochsCompleted").GetInt32() >= 1,
            $"job {job} to run with progress");
        Assert.Equal(200, running.GetProperty("batchesPerEpoch").GetInt32()); // 1600 training rows in batches of 8
        Assert.False(running.GetProperty("stale").GetBoolean());
        Assert.Equal(JsonValueKind.Null, running.GetProperty("queuePosition").ValueKind);
        Assert.True(running.GetProperty("etaSeconds").GetDouble() > 0, running.ToString());
        Assert.Equal("validation", running.GetProperty("metricsSource").GetString());
        Assert.Equal(["queued", "running"], running.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("status").GetString()));

        // The in-process worker runs one job at a time: the next one waits, first in line.
        Guid queued = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 1 });
        Assert.Equal(1, (await TrainingScenario.GetJobAsync(client, queued)).GetProperty("queuePosition").GetInt32());

        using var cancel = await client.PostAsync($"/api/training-jobs/{job}/cancel", null);
        var cancelling = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        using var again = await client.PostAsync($"/api/training-jobs/{job}/cancel", null);
        var cancelled = await TrainingScenario.WaitUntilFinishedAsync(client, job);

        Assert.Equal("cancelling", cancelling.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(["queued", "running", "cancelling", "cancelled"], cancelled.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("batchesCompleted").ValueKind);
        await TrainingScenario.WaitUntilFinishedAsync(client, queued);
    }

    private async Task<Guid> FinishedJobAsync(HttpClient client)
    {
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(200));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = Epochs });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        return job;
    }

    private static async Task<List<ReceivedEvent>> ReadAllAsync(HttpClient client, string path)
    {
        var (stream, response) = await EventStream.OpenAsync(client, path);
        if (stream is null)
            Assert.Fail($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await using var _ = stream;
        return await stream.ReadToEndAsync();
    }

    private static async Task<string> TicketAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/stream-tickets", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(body.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddSeconds(61));
        return body.GetProperty("ticket").GetString()!;
    }
}
