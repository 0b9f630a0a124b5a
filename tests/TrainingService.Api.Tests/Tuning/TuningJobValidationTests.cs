using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingService.Api.Tests.Deployment;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;

namespace TrainingService.Api.Tests.Tuning;

public sealed class TuningJobValidationTests(QueuedOnlyApiFactory factory) : IClassFixture<QueuedOnlyApiFactory>
{
    [Fact]
    public async Task Create_InvalidSearchSpace_Returns400NamingEachPath()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(40));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["layers[5].units"] = new JsonObject { ["type"] = "int", ["min"] = 1, ["max"] = 8 },
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["min"] = 0.1, ["max"] = 0.01 },
            ["optimizer.learningRat"] = new JsonObject { ["type"] = "float", ["min"] = 0.01, ["max"] = 0.1 },
            ["layers[0].units"] = new JsonObject { ["type"] = "int", ["min"] = 0, ["max"] = 4 },
            ["regularization.l2"] = new JsonObject { ["type"] = "float", ["min"] = 0, ["max"] = 0.1, ["scale"] = "log" },
            ["layers[0]..units"] = new JsonObject { ["type"] = "int", ["min"] = 1, ["max"] = 4 },
        });
        long before = await TotalAsync(client);

        var response = await client.PostAsJsonAsync("/api/tuning-jobs", request);
        var errors = await ErrorsAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no layers[5]", First(errors, "searchSpace['layers[5].units']"));
        Assert.Contains("min must not be above max", First(errors, "searchSpace['optimizer.learningRate']"));
        Assert.Contains("has no field 'learningRat'", First(errors, "searchSpace['optimizer.learningRat']"));
        // A range whose end no model could have: checked through the model validator at min and max.
        Assert.Contains("units", First(errors, "searchSpace['layers[0].units']"));
        Assert.Contains("log scale", First(errors, "searchSpace['regularization.l2']"));
        Assert.Contains("Not a path", First(errors, "searchSpace['layers[0]..units']"));
        Assert.Equal(before, await TotalAsync(client));
    }

    [Fact]
    public async Task Create_BadObjectiveStrategyAndLimits_Returns400NamingTheFields()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(40));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["layers[0].units"] = new JsonObject { ["type"] = "int", ["min"] = 1, ["max"] = 100 },
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["min"] = 0.001, ["max"] = 0.1 },
        });
        request["strategy"] = "grid";
        request["maxTrials"] = 50;
        request["maxParallel"] = 10_000;
        request["objective"] = new JsonObject { ["metric"] = "validationRmse" };
        request["initFromJobId"] = Guid.NewGuid();

        var response = await client.PostAsJsonAsync("/api/tuning-jobs", request);
        var errors = await ErrorsAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Grid search takes a float dimension's values", First(errors, "searchSpace['optimizer.learningRate']"));
        Assert.Contains("100 points, more than maxTrials (50)", First(errors, "searchSpace"));
        Assert.Contains("maxParallel must be between 1 and", First(errors, "maxParallel"));
        Assert.Contains("Tuning trials start from fresh weights", First(errors, "initFromJobId"));
    }

    [Fact]
    public async Task Create_MetricOfTheOtherTask_Returns400ListingTheAllowedOnes()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(40));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["min"] = 0.001, ["max"] = 0.1 },
        });
        request["objective"] = new JsonObject { ["metric"] = "validationRmse" };

        var response = await client.PostAsJsonAsync("/api/tuning-jobs", request);
        var errors = await ErrorsAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("validationAccuracy", First(errors, "objective.metric"));
    }

    [Fact]
    public async Task Create_BaseModelThatDoesNotFitTheDataset_RefusedByTheDryRunBeforeAnyTrial()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(40));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["min"] = 0.001, ["max"] = 0.1 },
        });
        request["baseModel"]!["targetColumn"] = "no_such_column";
        var validate = await client.PostAsJsonAsync("/api/training-jobs/validate",
            new { modelId = await TrainingScenario.CreateModelAsync(client, request["baseModel"]!.DeepClone().AsObject()), datasetId = dataset });

        var response = await client.PostAsJsonAsync("/api/tuning-jobs", request);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // The same errors, under the same fields, as the training jobs' dry run gives for that model.
        Assert.Equal((await validate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetRawText(), problem.GetProperty("errors").GetRawText());
        Assert.Contains("no_such_column", problem.GetProperty("errors").GetRawText());
    }

    [Fact]
    public async Task Create_BothOrNeitherBaseModelAndModelId_Returns400()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(40));
        var both = TuningScenario.Request(dataset, new JsonObject
        {
            ["optimizer.learningRate"] = new JsonObject { ["type"] = "float", ["min"] = 0.001, ["max"] = 0.1 },
        });
        both["modelId"] = Guid.NewGuid();
        var neither = both.DeepClone().AsObject();
        neither.Remove("baseModel");
        neither.Remove("modelId");
        var unknown = both.DeepClone().AsObject();
        unknown.Remove("baseModel");
        var typo = neither.DeepClone().AsObject();
        typo["max_trials"] = 3;

        Assert.Contains("not both", (await TrainingScenario.ErrorsAsync(await client.PostAsJsonAsync("/api/tuning-jobs", both), "baseModel"))[0]);
        Assert.Contains("is required", (await TrainingScenario.ErrorsAsync(await client.PostAsJsonAsync("/api/tuning-jobs", neither), "baseModel"))[0]);
        Assert.Contains("No model with id", (await TrainingScenario.ErrorsAsync(await client.PostAsJsonAsync("/api/tuning-jobs", unknown), "modelId"))[0]);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/tuning-jobs", typo)).StatusCode);
    }

    [Fact]
    public async Task Create_Valid_Returns202WithTheJobQueuedAndItsSearch()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(40));
        var request = TuningScenario.Request(dataset, new JsonObject
        {
            ["layers"] = new JsonObject
            {
                ["type"] = "categorical",
                ["values"] = new JsonArray(
                    new JsonArray(new JsonObject { ["type"] = "dense", ["units"] = 4 }),
                    new JsonArray(new JsonObject { ["type"] = "dense", ["units"] = 8 }, new JsonObject { ["type"] = "dropout", ["rate"] = 0.2 })),
            },
        });
        request["maxTrials"] = 3;

        var response = await client.PostAsJsonAsync("/api/tuning-jobs", request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var got = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.Equal(3, body.GetProperty("maxTrials").GetInt32());
        Assert.Equal("random", body.GetProperty("strategy").GetString());
        Assert.Equal("validationLoss", got.GetProperty("objective").GetProperty("metric").GetString());
        Assert.Equal("minimize", got.GetProperty("objective").GetProperty("goal").GetString());
        Assert.Equal(body.GetProperty("id").GetGuid(), got.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/tuning-jobs/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Create_TheReadmesExample_AcceptedAndTheSameAsTheOpenApiExample()
    {
        var client = factory.CreateClient();
        string readme = RepositoryFiles.ReadAllText("README.md");
        int section = readme.IndexOf("### Tuning jobs", StringComparison.Ordinal);
        int start = readme.IndexOf("```json\n", section, StringComparison.Ordinal) + "```json\n".Length;
        var example = JsonNode.Parse(readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)])!.AsObject();
        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var documented = openApi.RootElement.GetProperty("paths").GetProperty("/api/tuning-jobs").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        var random = new Random(3);
        string iris = TrainingScenario.Csv("sepal_length,sepal_width,petal_length,petal_width,species", 90, i =>
            FormattableString.Invariant($"{5 + random.NextDouble():F2},{3 + random.NextDouble():F2},{1 + 2 * (i % 3) + random.NextDouble():F2},{0.2 + i % 3:F2},{new[] { "setosa", "versicolor", "virginica" }[i % 3]}"));
        example["datasetId"] = await TrainingScenario.UploadAsync(client, iris);

        var response = await client.PostAsJsonAsync("/api/tuning-jobs", example);

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        example["datasetId"] = documented.GetProperty("datasetId").GetString();
        Assert.True(JsonElement.DeepEquals(documented, JsonSerializer.SerializeToElement(example)), "the README's example is not the OpenAPI document's");
    }

    private static async Task<long> TotalAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/tuning-jobs")).GetProperty("total").GetInt64();

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

    /// <summary>The first message under <paramref name="field"/>; fails naming what the errors were when there is none.</summary>
    private static string First(JsonElement errors, string field)
    {
        Assert.True(errors.TryGetProperty(field, out var messages), $"no errors for '{field}': {errors}");
        return messages[0].GetString()!;
    }
}
