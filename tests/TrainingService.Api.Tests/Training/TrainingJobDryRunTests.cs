using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// POST /api/training-jobs/validate: the same refusals as a submission, nothing stored on success, and a plan that is
/// what the created job shows. No worker runs, so a stored job would stay visible as queued.
/// </summary>
public sealed class TrainingJobDryRunTests(QueuedOnlyApiFactory factory) : IClassFixture<QueuedOnlyApiFactory>
{
    /// <summary>Rows 0, 10, 20, ... have no label: 10 of 100 rows are left out.</summary>
    private static readonly string CsvWithMissingLabels = string.Join('\n', TrainingScenario.ClassificationCsv(100).Split('\n')
        .Select((line, i) => i > 0 && (i - 1) % 10 == 0 ? line[..(line.LastIndexOf(',') + 1)] : line));

    public enum Refusal { UnknownModel, MissingDatasetId, EpochsOutOfRange, TargetNotInDataset, UnknownProperty }

    [Theory]
    [InlineData(Refusal.UnknownModel)]
    [InlineData(Refusal.MissingDatasetId)]
    [InlineData(Refusal.EpochsOutOfRange)]
    [InlineData(Refusal.TargetNotInDataset)]
    [InlineData(Refusal.UnknownProperty)]
    public async Task Validate_RefusedRequest_AnswersTheSubmissionsProblemAndStoresNothing(Refusal refusal)
    {
        var client = factory.CreateClient();
        var body = await RefusedBodyAsync(client, refusal);
        long jobsBefore = await CountJobsAsync();

        var dryRun = await client.PostAsJsonAsync("/api/training-jobs/validate", body);
        var submission = await client.PostAsJsonAsync("/api/training-jobs", body);

        Assert.Equal(HttpStatusCode.BadRequest, submission.StatusCode);
        Assert.Equal(submission.StatusCode, dryRun.StatusCode);
        Assert.Equal(submission.Content.Headers.ContentType?.MediaType, dryRun.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonNode.DeepEquals(WithoutTrace(await submission.Content.ReadAsStringAsync()), WithoutTrace(await dryRun.Content.ReadAsStringAsync())),
            $"dry run: {await dryRun.Content.ReadAsStringAsync()}\nsubmission: {await submission.Content.ReadAsStringAsync()}");
        Assert.Equal(jobsBefore, await CountJobsAsync());
    }

    [Fact]
    public async Task Validate_AcceptableRequest_Returns200WithThePlanAndEstimatesAndStoresNothing()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, CsvWithMissingLabels);
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label", hiddenUnits: 16));
        long jobsBefore = await CountJobsAsync();

        var response = await client.PostAsJsonAsync("/api/training-jobs/validate", new { modelId = model, datasetId = dataset, epochs = 10 });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(jobsBefore, await CountJobsAsync());
        var plan = body.GetProperty("plan");
        // Three classes and loss auto: a softmax unit per class with categorical cross-entropy.
        Assert.Equal("categoricalCrossEntropy", plan.GetProperty("loss").GetString());
        Assert.Equal("softmax", plan.GetProperty("outputActivation").GetString());
        Assert.Equal(3, plan.GetProperty("outputUnits").GetInt32());
        Assert.Equal(
            ["x numeric standardized 1", "y numeric standardized 1", "shade categorical oneHot 2"],
            plan.GetProperty("features").EnumerateArray().Select(f =>
                $"{f.GetProperty("column")} {f.GetProperty("type")} {f.GetProperty("encoding")} {f.GetProperty("width")}"));
        Assert.Equal(4, plan.GetProperty("inputWidth").GetInt32());
        Assert.Equal(
            ["dense0 Dense(16, Relu) 16 80", "dense1 Dense(3, Softmax) 3 51"],
            plan.GetProperty("layers").EnumerateArray().Select(l =>
                $"{l.GetProperty("name")} {l.GetProperty("type")} {l.GetProperty("outputSize")} {l.GetProperty("parameterCount")}"));
        Assert.Equal(131, plan.GetProperty("parameters").GetInt64());
        Assert.Equal(10, plan.GetProperty("rowsWithoutTarget").GetInt64());
        // 90 labeled rows, a 0.2 validation split.
        Assert.Equal(72, plan.GetProperty("trainingRows").GetInt64());
        Assert.Equal(18, plan.GetProperty("validationRows").GetInt64());

        // 72 training rows × (6 × 131 − 2 × 80) + 18 validation rows × 2 × 131.
        Assert.Equal(72 * 626 + 18 * 262, body.GetProperty("flopsPerEpoch").GetInt64());
        double gflops = body.GetProperty("assumedGflops").GetDouble();
        Assert.Equal(89, gflops);
        Assert.Equal((72 * 626 + 18 * 262) / (gflops * 1e9), body.GetProperty("estimatedEpochSeconds").GetDouble(), 1e-15);
        Assert.Equal(10 * body.GetProperty("estimatedEpochSeconds").GetDouble(), body.GetProperty("estimatedSeconds").GetDouble(), 1e-15);
        Assert.InRange(body.GetProperty("plannedMemoryBytes").GetInt64(), 90 * 4 * 4, 10_000_000);
        Assert.StartsWith("≈ ", body.GetProperty("plannedMemory").GetString());
        Assert.Equal(10, body.GetProperty("options").GetProperty("epochs").GetInt32());
    }

    [Fact]
    public async Task Create_AcceptableRequest_JobShowsTheDryRunsPlan()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, CsvWithMissingLabels);
        var definition = TrainingScenario.Model("classification", "label");
        definition["loss"] = "auto";
        definition["preprocessing"] = new JsonObject { ["numeric"] = "minMax" };
        Guid model = await TrainingScenario.CreateModelAsync(client, definition);
        var request = new { modelId = model, datasetId = dataset, validationSplit = 0.5 };

        var dryRun = await (await client.PostAsJsonAsync("/api/training-jobs/validate", request)).Content.ReadFromJsonAsync<JsonElement>();
        Guid job = await TrainingScenario.StartJobAsync(client, request);
        var plan = (await TrainingScenario.GetJobAsync(client, job)).GetProperty("plan");

        Assert.Equal(JsonValueKind.Object, plan.ValueKind);
        Assert.True(JsonElement.DeepEquals(dryRun.GetProperty("plan"), plan), $"dry run: {dryRun.GetProperty("plan")}\njob: {plan}");
        Assert.Equal("minMax", plan.GetProperty("features")[0].GetProperty("encoding").GetString());
        Assert.Equal(45, plan.GetProperty("validationRows").GetInt64());
    }

    private async Task<object> RefusedBodyAsync(HttpClient client, Refusal refusal)
    {
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(60));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", refusal == Refusal.TargetNotInDataset ? "price" : "label"));
        return refusal switch
        {
            Refusal.UnknownModel => new { modelId = Guid.NewGuid(), datasetId = dataset },
            Refusal.MissingDatasetId => new { modelId = model },
            Refusal.EpochsOutOfRange => new { modelId = model, datasetId = dataset, epochs = 0 },
            Refusal.UnknownProperty => new { modelId = model, datasetId = dataset, epochz = 3 },
            _ => new { modelId = model, datasetId = dataset },
        };
    }

    /// <summary>The problem without its traceId, which differs from request to request.</summary>
    private static JsonNode WithoutTrace(string problem)
    {
        var node = JsonNode.Parse(problem)!.AsObject();
        Assert.True(node.ContainsKey("errors") || node.ContainsKey("detail"), problem);
        node.Remove("traceId");
        return node;
    }

    private async Task<long> CountJobsAsync()
    {
        await using var scope = factory.CreateTenantScope();
        return await scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>().TrainingJobs.LongCountAsync();
    }
}
