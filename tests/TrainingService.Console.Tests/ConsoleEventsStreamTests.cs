using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TrainingService.Console.Tests.Infrastructure;

namespace TrainingService.Console.Tests;

/// <summary>
/// The job page on the live events contract (ticket, then <c>EventSource</c> on <c>/events?ticket=</c>), with the
/// stream played by the test through Playwright's routing: the console must draw streamed epochs, show batch
/// progress, take a replayed epoch once after a reconnect (with a new ticket: each is single use) and finish on
/// <c>end</c>. The polling fallback is what <see cref="ConsoleBrowserTests"/> exercises on a server without the stream.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ConsoleEventsStreamTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    [Fact]
    public async Task JobPage_EventsStream_DrawsEpochsShowsProgressReconnectsWithNewTicketAndEnds()
    {
        Guid job = await TrainedJobAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        await using var _ = browser;
        using var __ = playwright;
        var context = await browser.NewContextAsync();
        await context.AddInitScriptAsync($"sessionStorage.setItem('trainingservice.apiKey', '{factory.TenantKey}')");
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(90_000);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        int tickets = 0;
        var ticketsSeen = new List<string>();
        var progressShown = new TaskCompletionSource();
        await page.RouteAsync("**/api/stream-tickets", route =>
        {
            Assert.Equal("POST", route.Request.Method);
            Assert.Equal(factory.TenantKey, route.Request.Headers["x-api-key"]);
            return route.FulfillAsync(new() { Status = 200, ContentType = "application/json",
                Body = JsonSerializer.Serialize(new { ticket = $"ticket-{Interlocked.Increment(ref tickets)}", expiresAt = DateTimeOffset.UtcNow.AddSeconds(30) }) });
        });
        await page.RouteAsync(EventsRoute(), async route =>
        {
            string ticket = new Uri(route.Request.Url).Query;
            ticketsSeen.Add(ticket);
            var body = new StringBuilder();
            body.Append(Event("status", new { jobId = job, status = "running", at = DateTimeOffset.UtcNow, reason = (string?)null, worker = "worker-1", attempt = 1 }));
            for (int epoch = 1; epoch <= 3; epoch++)
                body.Append(Event("epoch", new { epoch, trainLoss = 1.0 / epoch, validationLoss = 1.2 / epoch, trainMetrics = new { accuracy = 0.5 + epoch / 10.0 },
                    validationMetrics = new { accuracy = 0.4 + epoch / 10.0 }, learningRate = 0.01, durationMs = 20.0 }));
            if (ticketsSeen.Count == 1)
                body.Append(Event("progress", new { jobId = job, epoch = 4, batchesCompleted = 5, batchesPerEpoch = 10, samplesPerSecond = 1234.0, epochEtaSeconds = 1.0, jobEtaSeconds = 42.0 }));
            else
            {
                // The second stream (after the first one closed) replays the stored epochs, then the job ends.
                await progressShown.Task;
                body.Append(Event("end", new { jobId = job, status = "succeeded", stopReason = "completed", error = (string?)null }));
            }

            await route.FulfillAsync(new() { Status = 200, ContentType = "text/event-stream", Body = body.ToString() });
        });

        await page.GotoAsync(factory.BaseAddress + $"#/jobs/{job}");
        await page.Locator("#batch-text", new() { HasText = "epoch 4: batch 5 of 10" }).WaitForAsync();
        Assert.Equal("42 s", await page.InnerTextAsync("#eta"));
        Assert.Equal("running", await page.GetAttributeAsync("#job", "data-job-status"));
        Assert.Equal("3", await page.GetAttributeAsync("#loss-chart", "data-points"));
        progressShown.SetResult();

        await page.Locator("#job[data-job-status=succeeded]").WaitForAsync();
        Assert.Equal("(completed)", await page.InnerTextAsync("#job-status-note"));
        Assert.Equal("3", await page.GetAttributeAsync("#loss-chart", "data-points"));
        Assert.Equal("3", await page.GetAttributeAsync("[data-chart=accuracy]", "data-points"));
        Assert.Equal(["?ticket=ticket-1", "?ticket=ticket-2"], ticketsSeen);
        await page.Locator("#evaluation").WaitForAsync();
        Assert.True(await page.Locator("#batch-block").IsHiddenAsync());
        Assert.Empty(errors);
    }

    private async Task<Guid> TrainedJobAsync()
    {
        var client = factory.CreateClient();
        using var form = new MultipartFormDataContent();
        var csv = new StringBuilder("x,label\n");
        for (int i = 0; i < 40; i++)
            csv.Append(i).Append(i < 20 ? ",a\n" : ",b\n");
        form.Add(new StringContent(csv.ToString()), "file", "events.csv");
        var dataset = await (await client.PostAsync("/api/datasets", form)).Content.ReadFromJsonAsync<JsonElement>();
        var model = await (await client.PostAsJsonAsync("/api/models", new { name = "events", task = "classification", targetColumn = "label" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var started = await (await client.PostAsJsonAsync("/api/training-jobs",
            new { modelId = model.GetProperty("id").GetGuid(), datasetId = dataset.GetProperty("id").GetGuid(), epochs = 3 })).Content.ReadFromJsonAsync<JsonElement>();
        Guid job = started.GetProperty("id").GetGuid();
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            var current = await client.GetFromJsonAsync<JsonElement>($"/api/training-jobs/{job}");
            if (current.GetProperty("status").GetString() == "succeeded")
                return job;
        }

        throw new TimeoutException($"job {job} did not succeed");
    }

    private static string Event(string name, object data) => $"event: {name}\ndata: {JsonSerializer.Serialize(data, JsonOptions)}\n\n";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [GeneratedRegex(@"/api/training-jobs/[0-9a-f-]{36}/events\?ticket=")]
    private static partial Regex EventsRoute();
}
