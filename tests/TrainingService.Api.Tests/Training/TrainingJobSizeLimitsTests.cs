using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// The size limits, configured small so that small datasets reach them: input matrices, parameters and planned memory
/// are each refused with the limit's setting and the job's memory estimate, and a job within them queues.
/// </summary>
public sealed class TrainingJobSizeLimitsTests(TrainingJobSizeLimitsTests.SmallLimitsApiFactory factory)
    : IClassFixture<TrainingJobSizeLimitsTests.SmallLimitsApiFactory>
{
    [Fact]
    public async Task Create_InputMatricesBeyondMaxInputCells_RefusedStatingTheSizeAndMemoryEstimate()
    {
        var client = factory.CreateClient();

        // 6,000 rows × 4 inputs (x, y and the two shades) = 24,000 values.
        var response = await TrainingScenario.PostJobAsync(client, TrainingScenario.ClassificationCsv(6000), TrainingScenario.Model("classification", "label"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string error = Assert.Single(await TrainingScenario.ErrorsAsync(response, "datasetId"));
        Assert.Contains("6,000 rows × 4 inputs = 24,000 values, more than Training__MaxInputCells (20,000)", error);
        Assert.Matches(@"the job would need ≈ [\d.]+ [kM]B \(input matrices 96 kB: 6,000 rows × 4 inputs as float32", error);
    }

    [Fact]
    public async Task Create_NetworkBeyondMaxParameters_RefusedUnderModelIdStatingTheCountAndMemoryEstimate()
    {
        var client = factory.CreateClient();

        var response = await TrainingScenario.PostJobAsync(client, TrainingScenario.ClassificationCsv(100), TwoHiddenLayers(256));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string error = Assert.Single(await TrainingScenario.ErrorsAsync(response, "modelId"));
        // (4 + 1)·256 + (256 + 1)·256 + (256 + 1)·3 for the three classes' softmax.
        Assert.Contains("67,843 parameters for 4 inputs, more than Training__MaxParameters (50,000)", error);
        // Values, gradients, two adam moments, the checkpoint's three copies, the last completed epoch's and the copy
        // packed for evaluation: 9 × 4 bytes each.
        Assert.Contains("network 2.4 MB: 67,843 parameters with gradients, adam state and checkpoint", error);
    }

    [Fact]
    public async Task Create_PlannedMemoryBeyondMaxJobMemoryBytes_RefusedStatingTheEstimate()
    {
        var client = factory.CreateClient();

        // Within the cell and parameter limits, but 512-row validation chunks through 128 + 128 units add up to over 1 MB.
        var response = await TrainingScenario.PostJobAsync(client, TrainingScenario.ClassificationCsv(4000), TwoHiddenLayers(128));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string error = Assert.Single(await TrainingScenario.ErrorsAsync(response, "datasetId"));
        Assert.Matches(@"^The job would need ≈ [\d.]+ MB \(.*\), more than Training__MaxJobMemoryBytes \(1 MB\)", error);
    }

    [Fact]
    public async Task Create_JobWithinEveryLimit_QueuesWithPlannedMemoryBelowTheLimit()
    {
        var client = factory.CreateClient();

        var response = await TrainingScenario.PostJobAsync(client, TrainingScenario.ClassificationCsv(100), TrainingScenario.Model("classification", "label"));
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.InRange(job.GetProperty("plannedMemoryBytes").GetInt64(), 100 * 4 * 4, 1_000_000);
    }

    private static JsonObject TwoHiddenLayers(int units)
    {
        var definition = TrainingScenario.Model("classification", "label", hiddenUnits: units);
        definition["layers"]!.AsArray().Add(new JsonObject { ["type"] = "dense", ["units"] = units, ["activation"] = "relu" });
        return definition;
    }

    /// <summary>No worker, and limits that datasets of a few thousand rows reach.</summary>
    public sealed class SmallLimitsApiFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Workers:InProcess", "false");
            builder.UseSetting("Training:MaxInputCells", "20000");
            builder.UseSetting("Training:MaxParameters", "50000");
            builder.UseSetting("Training:MaxJobMemoryBytes", "1000000");
        }
    }
}
