using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

/// <summary>A cross-validated job's folds count against the tenant's MaxActiveJobs, beside the job waiting for them.</summary>
public sealed class CrossValidationQuotaTests(CrossValidationQuotaTests.TwoActiveJobsApiFactory factory) : IClassFixture<CrossValidationQuotaTests.TwoActiveJobsApiFactory>
{
    [Fact]
    public async Task Create_WithTwoActiveJobSlots_RunsOneFoldAtATimeBesideTheWaitingJob()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(60));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", hiddenUnits: 4));
        var request = new JsonObject
        {
            ["modelId"] = model, ["datasetId"] = dataset, ["epochs"] = 3, ["batchSize"] = 16,
            ["crossValidation"] = new JsonObject { ["folds"] = 3 },
        };

        Guid id = await TrainingScenario.StartJobAsync(client, request);
        var job = await TrainingScenario.WaitUntilFinishedAsync(client, id, seconds: 240);
        var folds = new List<JsonElement>();
        foreach (var fold in job.GetProperty("crossValidation").GetProperty("foldJobs").EnumerateArray())
            folds.Add(await TrainingScenario.GetJobAsync(client, fold.GetProperty("trainingJobId").GetGuid()));

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(3, folds.Count);
        // Three workers and maxParallel 3, but one slot is the waiting job's: fold k+1 is created after fold k ended.
        var ordered = folds.OrderBy(f => f.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        for (int i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i].GetProperty("createdAt").GetDateTimeOffset() >= ordered[i - 1].GetProperty("finishedAt").GetDateTimeOffset(),
                $"fold {ordered[i].GetProperty("trialFold")} was created before fold {ordered[i - 1].GetProperty("trialFold")} ended");
    }

    /// <summary>Three in-process workers (more than the folds could use), with room for two active jobs per tenant.</summary>
    public sealed class TwoActiveJobsApiFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Workers:WorkerCount", "3");
            builder.UseSetting("Workers:EngineThreadsPerJob", "1");
            builder.UseSetting("Quotas:MaxActiveJobs", "2");
        }
    }
}
