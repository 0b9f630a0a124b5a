using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

public sealed class TrainingJobEvaluationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Train_ClassificationWithValidationSplit_StoresEvaluationOfTheValidationRows()
    {
        var client = factory.CreateClient();
        string csv = TrainingScenario.ClassificationCsv(400);
        Guid dataset = await TrainingScenario.UploadAsync(client, csv);
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));

        var created = await client.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset, epochs = 30, batchSize = 16, validationSplit = 0.25 });
        var queued = await created.Content.ReadFromJsonAsync<JsonElement>();
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, queued.GetProperty("id").GetGuid());

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("evaluation").ValueKind);
        Assert.True(finished.GetProperty("status").GetString() == "succeeded", finished.ToString());
        var evaluation = finished.GetProperty("evaluation");
        Assert.Equal("validation", evaluation.GetProperty("source").GetString());
        EvaluationAssertions.AssertConsistentClassification(evaluation);
        // The split is stratified: each class puts round(¼ of its rows) into validation, and those are what was scored.
        var expectedSupport = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).GroupBy(line => line.Split(',')[3])
            .ToDictionary(g => g.Key, g => (long)Math.Round(g.Count() * 0.25, MidpointRounding.AwayFromZero));
        var perClass = evaluation.GetProperty("classification").GetProperty("perClass").EnumerateArray()
            .ToDictionary(c => c.GetProperty("label").GetString()!, c => c.GetProperty("support").GetInt64());
        Assert.Equal(expectedSupport.OrderBy(p => p.Key), perClass.OrderBy(p => p.Key));
        // The final weights scored on the validation rows once more agree with the last epoch's validation figures.
        double accuracy = evaluation.GetProperty("classification").GetProperty("accuracy").GetDouble();
        Assert.Equal(finished.GetProperty("metrics").GetProperty("accuracy").GetDouble(), accuracy, 1.0 / evaluation.GetProperty("rows").GetInt32());
        Assert.Equal(finished.GetProperty("validationLoss").GetDouble(), evaluation.GetProperty("classification").GetProperty("logLoss").GetDouble(), 1e-3);
        Assert.InRange(evaluation.GetProperty("classification").GetProperty("rocAuc").GetDouble(), 0.9, 1.0);
    }

    [Fact]
    public async Task Train_RegressionWithoutValidation_EvaluatesTheTrainingRows()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.RegressionCsv(300));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("regression", "target"));

        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 60, batchSize = 16, validationSplit = 0.0 });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);

        Assert.True(finished.GetProperty("status").GetString() == "succeeded", finished.ToString());
        var evaluation = finished.GetProperty("evaluation");
        Assert.Equal("train", evaluation.GetProperty("source").GetString());
        Assert.Equal(300, evaluation.GetProperty("rows").GetInt32());
        Assert.Equal(JsonValueKind.Null, evaluation.GetProperty("classification").ValueKind);
        var regression = evaluation.GetProperty("regression");
        Assert.True(regression.GetProperty("r2").GetDouble() >= 0.95, regression.ToString());
        // In the target's units (its std is about 2.1), like the job's metrics. Those are the last epoch's running
        // figures over weights still moving, so they agree only roughly; a factor of the scale would not.
        double ratio = regression.GetProperty("rmse").GetDouble() / finished.GetProperty("metrics").GetProperty("rmse").GetDouble();
        Assert.InRange(ratio, 0.67, 1.5);
        Assert.True(regression.GetProperty("mae").GetDouble() <= regression.GetProperty("rmse").GetDouble(), regression.ToString());
        double[] quantiles = new[] { "min", "p5", "p25", "p50", "p75", "p95", "max" }
            .Select(q => regression.GetProperty("residuals").GetProperty(q).GetDouble()).ToArray();
        Assert.Equal(quantiles.Order(), quantiles);
        Assert.True(quantiles[0] < 0 && quantiles[^1] > 0, regression.ToString());
    }
}
