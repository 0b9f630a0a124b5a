using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;
using TrainingService.Core.Hosting;

namespace TrainingService.Api.Tests.Tuning;

/// <summary>
/// A tuning search's trials read the same rows with the same preprocessing, split and seed, so the worker prepares
/// them once and the later trials reuse them (ADR-025); the reuse changes nothing a trial trains.
/// </summary>
public sealed class TrialPreparationReuseTests(TuningApiFactory factory) : IClassFixture<TuningApiFactory>
{
    [Fact]
    public async Task GridSearch_OneTrialAtATime_PreparesOnceThenReuses()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(300));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["layers[0].units"] = new JsonObject { ["type"] = "int", ["values"] = new JsonArray(4, 8, 12) },
        });
        request["strategy"] = "grid";
        request["maxParallel"] = 1;
        using var recorder = new MetricsRecorder(factory.Services.GetRequiredService<IMeterFactory>());

        Guid id = await TuningScenario.StartAsync(client, request);
        var finished = await TuningScenario.WaitUntilFinishedAsync(client, id);

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        var preparations = recorder.Measurements.Where(m => m.Name == TrainingServiceMetrics.PreparationsName).ToList();
        Assert.Equal(1, preparations.Count(m => m.Has(TrainingServiceMetrics.DataTag, "prepared")));
        Assert.Equal(2, preparations.Count(m => m.Has(TrainingServiceMetrics.DataTag, "reused")));
    }
}
