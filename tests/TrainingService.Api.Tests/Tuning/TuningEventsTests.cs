using System.Net;
using System.Text.Json.Nodes;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;

namespace TrainingService.Api.Tests.Tuning;

/// <summary>GET /api/tuning-jobs/{id}/events over real HTTP, on a short grid with in-process workers.</summary>
public sealed class TuningEventsTests(TuningApiFactory factory) : IClassFixture<TuningApiFactory>
{
    [Fact]
    public async Task Events_LiveFromTheStart_TuningStateEachTrialsStatusesAndEpochsThenEnd_AndReplayAfterLastEventId()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(90));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["values"] = new JsonArray(0.01, 0.05) },
        }, epochs: 2);
        request["strategy"] = "grid";
        request["maxParallel"] = 1;
        request["objective"] = new JsonObject { ["metric"] = "validationLoss" };
        Guid id = await TuningScenario.StartAsync(client, request);

        var (stream, response) = await EventStream.OpenAsync(client, $"/api/tuning-jobs/{id}/events");
        if (stream is null)
            Assert.Fail($"stream: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        List<ReceivedEvent> events;
        await using (stream)
            events = await stream.ReadToEndAsync();
        var finished = await TuningScenario.GetAsync(client, id);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("tuning", events[0].Type);
        Assert.Equal("end", events[^1].Type);
        Assert.Equal("succeeded", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal(finished.GetProperty("bestTrial").GetProperty("trainingJobId").GetGuid(), events[^1].Data.GetProperty("bestTrainingJobId").GetGuid());
        var lastState = events.Last(e => e.Type == "tuning").Data;
        Assert.Equal("succeeded", lastState.GetProperty("status").GetString());
        Assert.Equal(2, lastState.GetProperty("trials").GetProperty("succeeded").GetInt32());
        foreach (int trial in new[] { 0, 1 })
        {
            var statuses = events.Where(e => e.Type == "trial" && e.Data.GetProperty("trialIndex").GetInt32() == trial).Select(e => e.Data).ToList();
            var epochs = events.Where(e => e.Type == "trialEpoch" && e.Data.GetProperty("trialIndex").GetInt32() == trial).Select(e => e.Data).ToList();
            Assert.Equal(["queued", "running", "succeeded"], statuses.Select(s => s.GetProperty("status").GetString()));
            Assert.All(statuses, s => Assert.Equal(id, s.GetProperty("tuningJobId").GetGuid()));
            Assert.Single(statuses.Select(s => s.GetProperty("trainingJobId").GetGuid()).Distinct());
            Assert.Equal("completed", statuses[^1].GetProperty("stopReason").GetString());
            Assert.Equal([1, 2], epochs.Select(e => e.GetProperty("epoch").GetInt32()));
            // The objective is the validation loss: per epoch as stored, and the trial's best once it ended.
            Assert.All(epochs, e => Assert.Equal(e.GetProperty("validationLoss").GetDouble(), e.GetProperty("objective").GetDouble()));
            Assert.Equal(epochs.Min(e => e.GetProperty("objective").GetDouble()), statuses[^1].GetProperty("objective").GetDouble());
        }

        var durable = events.Where(e => e.Type is "trial" or "trialEpoch").ToList();
        Assert.All(durable, e => Assert.NotNull(e.Id));
        Assert.Equal(durable.Select(e => e.IdNumber).Order(), durable.Select(e => e.IdNumber));

        // A reconnect after the first epoch gets exactly what followed it.
        var firstEpoch = durable.First(e => e.Type == "trialEpoch");
        var (again, _) = await EventStream.OpenAsync(client, $"/api/tuning-jobs/{id}/events", lastEventId: firstEpoch.Id);
        List<ReceivedEvent> replay;
        await using (again)
            replay = await again!.ReadToEndAsync();
        Assert.Equal(durable.SkipWhile(e => e != firstEpoch).Skip(1).Select(e => e.ToString()), replay.Where(e => e.Id is not null).Select(e => e.ToString()));
        Assert.Equal("end", replay[^1].Type);

        var (_, unknown) = await EventStream.OpenAsync(client, $"/api/tuning-jobs/{Guid.NewGuid()}/events");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
