using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;

namespace TrainingService.Api.Tests.Predictions;

public sealed class PredictionTests(TrainedModelFactory factory) : IClassFixture<TrainedModelFactory>
{
    [Fact]
    public async Task Create_InlineRowsWithTarget_ReturnsLabelsProbabilitiesAndMetrics()
    {
        var client = factory.CreateClient();
        var rows = new object[]
        {
            new { x = -1.9, y = -1.8, shade = "light", label = "low" },
            new { x = 1.9, y = 1.7, shade = "dark", label = "high" },
            new { x = 0.0, y = 0.1, shade = "light", label = "mid" },
        };

        var response = await client.PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions", new { rows });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/models/{factory.ClassifierId}/predictions/{body.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
        Assert.Equal(factory.ClassifierJobId, body.GetProperty("trainingJobId").GetGuid());
        var predictions = body.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(["low", "high", "mid"], predictions.Select(p => p.GetProperty("label").GetString()));
        Assert.All(predictions, p => Assert.Equal(1.0, p.GetProperty("probabilities").EnumerateObject().Sum(c => c.Value.GetDouble()), 3));
        Assert.Equal(1.0, body.GetProperty("metrics").GetProperty("accuracy").GetDouble());
        Assert.Equal(1.0, body.GetProperty("metrics").GetProperty("f1").GetDouble());
        Assert.Empty(body.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Create_KeyRevokedInAnotherApiHostAfterItWasCachedHere_Returns401AndStoresNothing()
    {
        // Predictions take a recently read key from this host's cache; the revocation happens elsewhere, so only the
        // key check inside the prediction's own statements can notice it.
        var rows = new object[] { new { x = -1.9, y = -1.8, shade = "light" } };
        var created = await (await factory.CreateClient().PostAsJsonAsync("/api/keys", new { name = "short-lived" })).Content.ReadFromJsonAsync<JsonElement>();
        using var client = factory.CreateClientWithKey(created.GetProperty("key").GetString());
        for (int i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions", new { rows })).StatusCode);
        long storedBefore = await CountPredictionsAsync(factory.ClassifierId);

        await using (var otherHost = new SameDatabaseHost(factory.ConnectionString))
        {
            using var other = otherHost.CreateClient();
            other.DefaultRequestHeaders.Add("X-Api-Key", factory.TenantKey);
            Assert.Equal(HttpStatusCode.NoContent, (await other.DeleteAsync($"/api/keys/{created.GetProperty("id").GetGuid()}")).StatusCode);
        }
        var sameModel = await client.PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions", new { rows });
        var unknownModel = await client.PostAsJsonAsync($"/api/models/{Guid.NewGuid()}/predictions", new { rows });

        Assert.Equal(HttpStatusCode.Unauthorized, sameModel.StatusCode);
        Assert.Equal("application/problem+json", sameModel.Content.Headers.ContentType?.MediaType);
        Assert.Contains("revoked", (await sameModel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Contains("Bearer", sameModel.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, unknownModel.StatusCode);
        Assert.Equal(storedBefore, await CountPredictionsAsync(factory.ClassifierId));
    }

    [Fact]
    public async Task Create_RowsWithAndWithoutTarget_EvaluatesTheRowsThatCarryIt()
    {
        var rows = new object[]
        {
            new { x = -1.9, y = -1.8, shade = "light", label = "low" },
            new { x = 1.9, y = 1.7, shade = "dark", label = "high" },
            new { x = 0.5, y = 0.5, shade = "dark" },
            new { x = 0.0, y = 0.1, shade = "light", label = "high" },
        };

        var response = await factory.CreateClient().PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions", new { rows });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var evaluation = body.GetProperty("evaluation");
        Assert.Equal("input", evaluation.GetProperty("source").GetString());
        Assert.Equal(3, evaluation.GetProperty("rows").GetInt32());
        EvaluationAssertions.AssertConsistentClassification(evaluation);
        string[] predicted = body.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("label").GetString()!).ToArray();
        Assert.Equal(EvaluationAssertions.CountConfusion(evaluation, ["low", "high", "high"], [predicted[0], predicted[1], predicted[3]]),
            EvaluationAssertions.ConfusionOf(evaluation));
        Assert.Equal(body.GetProperty("metrics").GetProperty("accuracy").GetDouble(), evaluation.GetProperty("classification").GetProperty("accuracy").GetDouble());
        Assert.Equal(body.GetProperty("metrics").GetProperty("logLoss").GetDouble(), evaluation.GetProperty("classification").GetProperty("logLoss").GetDouble());
    }

    [Fact]
    public async Task Create_FromDatasetWithTarget_EvaluatesEveryRowAndStoresIt()
    {
        var client = factory.CreateClient();
        string[] actual = TrainingScenario.ClassificationCsv(400).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[3]).ToArray();

        var created = await client.PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions", new { datasetId = factory.ClassificationDatasetId });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var stored = await client.GetFromJsonAsync<JsonElement>($"/api/models/{factory.ClassifierId}/predictions/{body.GetProperty("id").GetGuid()}?limit=1");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var evaluation = body.GetProperty("evaluation");
        Assert.Equal(400, evaluation.GetProperty("rows").GetInt32());
        EvaluationAssertions.AssertConsistentClassification(evaluation);
        string[] predicted = body.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("label").GetString()!).ToArray();
        Assert.Equal(EvaluationAssertions.CountConfusion(evaluation, actual, predicted), EvaluationAssertions.ConfusionOf(evaluation));
        Assert.InRange(evaluation.GetProperty("classification").GetProperty("rocAuc").GetDouble(), 0.9, 1.0);
        Assert.True(JsonElement.DeepEquals(evaluation, stored.GetProperty("evaluation")), stored.GetProperty("evaluation").ToString());
    }

    [Fact]
    public async Task Create_RegressionWithTarget_EvaluatesErrorsAndResiduals()
    {
        // target = 3a − 2b + 1: the rows' targets are 3.5 and −1.5; the third row is 2 off on purpose.
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/models/{factory.RegressorId}/predictions",
            new { rows = new[] { new { a = 0.5, b = -0.5, target = 3.5 }, new { a = -0.5, b = 0.5, target = -1.5 }, new { a = 0.0, b = 0.0, target = 3.0 } } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var regression = body.GetProperty("evaluation").GetProperty("regression");
        double[] values = body.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToArray();
        double[] residuals = new[] { 3.5 - values[0], -1.5 - values[1], 3.0 - values[2] }.Order().ToArray();
        Assert.Equal(residuals[0], regression.GetProperty("residuals").GetProperty("min").GetDouble(), 1e-4);
        Assert.Equal(residuals[1], regression.GetProperty("residuals").GetProperty("p50").GetDouble(), 1e-4);
        Assert.Equal(residuals[2], regression.GetProperty("residuals").GetProperty("max").GetDouble(), 1e-4);
        Assert.Equal(residuals.Average(Math.Abs), regression.GetProperty("mae").GetDouble(), 1e-4);
        Assert.Equal(body.GetProperty("metrics").GetProperty("rmse").GetDouble(), regression.GetProperty("rmse").GetDouble());
    }

    [Fact]
    public async Task Create_ColumnsInAnyOrderWithExtrasAndRepeats_PredictsAsInTheModelsOrder()
    {
        var client = factory.CreateClient();
        const string inOrder = """{"rows":[{"x":1.9,"y":1.7,"shade":"dark"},{"x":-1.9,"y":-1.8,"shade":"light"}]}""";
        // Shuffled, an unknown column, and x sent twice: the last one counts.
        const string shuffled = """{"rows":[{"shade":"dark","note":5,"y":1.7,"x":-3,"x":1.9},{"y":-1.8,"x":-1.9,"shade":"light"}]}""";

        var expected = await PredictRawAsync(client, inOrder);
        var actual = await PredictRawAsync(client, shuffled);

        Assert.Equal(["high", "low"], expected.Select(p => p.GetProperty("label").GetString()));
        Assert.Equal(expected.Select(p => p.GetProperty("probabilities").GetRawText()), actual.Select(p => p.GetProperty("probabilities").GetRawText()));
    }

    private async Task<JsonElement[]> PredictRawAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync($"/api/models/{factory.ClassifierId}/predictions", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").EnumerateArray().ToArray();
    }

    [Fact]
    public async Task Create_UnseenCategory_WarnsAndStillPredicts()
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions",
            new { rows = new[] { new { x = 1.5, y = 1.5, shade = "purple" } } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("purple", body.GetProperty("warnings")[0].GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("metrics").ValueKind);
    }

    [Fact]
    public async Task Create_MissingFeatureColumn_Returns400NamingIt()
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions",
            new { rows = new[] { new { x = 1.0, shade = "dark" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("rows[0].y", errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Create_NonNumericValueForNumericColumn_Returns400NamingRowAndColumn()
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions",
            new { rows = new object[] { new { x = 1.0, y = 1.0, shade = "dark" }, new { x = "abc", y = 1.0, shade = "dark" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("rows[1].x", errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Create_FromDataset_StoresAllRowsAndPagesThem()
    {
        var client = factory.CreateClient();
        var created = await client.PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions", new { datasetId = factory.ClassificationDatasetId });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Guid id = body.GetProperty("id").GetGuid();

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/models/{factory.ClassifierId}/predictions/{id}?offset=395&limit=10");
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/models/{factory.ClassifierId}/predictions");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(400, body.GetProperty("rowCount").GetInt32());
        Assert.True(body.GetProperty("metrics").GetProperty("accuracy").GetDouble() >= 0.85, body.GetProperty("metrics").ToString());
        Assert.Equal(5, page.GetProperty("predictions").GetArrayLength());
        Assert.Equal(body.GetProperty("predictions")[397].GetProperty("label").GetString(), page.GetProperty("predictions")[2].GetProperty("label").GetString());
        Assert.Contains(list.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == id && !p.TryGetProperty("predictions", out _));
    }

    [Fact]
    public async Task Create_Regression_ReturnsValuesInTargetUnits()
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/models/{factory.RegressorId}/predictions",
            new { rows = new[] { new { a = 0.5, b = -0.5, target = 3.5 }, new { a = -0.5, b = 0.5, target = -1.5 } } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var values = body.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToArray();
        Assert.Equal(3.5, values[0], 0.5);
        Assert.Equal(-1.5, values[1], 0.5);
        Assert.True(body.GetProperty("metrics").TryGetProperty("rmse", out _));
    }

    [Fact]
    public async Task Create_UntrainedModel_Returns409()
    {
        var client = factory.CreateClient();
        Guid untrained = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("regression", "target"));

        var response = await client.PostAsJsonAsync($"/api/models/{untrained}/predictions", new { rows = new[] { new { a = 1, b = 2 } } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Create_UnknownModel_Returns404()
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/models/{Guid.NewGuid()}/predictions", new { rows = new[] { new { a = 1 } } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Create_BothRowsAndDataset_Returns400NamingRows()
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions",
            new { rows = new[] { new { x = 1 } }, datasetId = factory.ClassificationDatasetId });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("rows", out _));
    }

    [Fact]
    public async Task Delete_StoredPrediction_Returns204ThenItIsGone()
    {
        var client = factory.CreateClient();
        Guid prediction = await CreateClassifierPredictionAsync(client);
        string url = $"/api/models/{factory.ClassifierId}/predictions/{prediction}";

        var response = await client.DeleteAsync(url);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/training-jobs/{factory.ClassifierJobId}/model")).StatusCode);
    }

    [Fact]
    public async Task Delete_PredictionOfAnotherModel_Returns404AndKeepsIt()
    {
        var client = factory.CreateClient();
        Guid prediction = await CreateClassifierPredictionAsync(client);

        var response = await client.DeleteAsync($"/api/models/{factory.RegressorId}/predictions/{prediction}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/models/{factory.ClassifierId}/predictions/{prediction}")).StatusCode);
    }

    private async Task<Guid> CreateClassifierPredictionAsync(HttpClient client)
    {
        var created = await client.PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions",
            new { rows = new[] { new { x = 1.0, y = 1.0, shade = "dark" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<long> CountPredictionsAsync(Guid modelId) =>
        (await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/models/{modelId}/predictions?limit=1")).GetProperty("total").GetInt64();
}
