using System.Net;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.RequestBodies;

/// <summary>
/// Every JSON body is bound strictly: a property the request does not have is a 400 keyed by its path, with the
/// names allowed there, rather than a field quietly taking its default.
/// </summary>
public sealed class StrictJsonBodyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Model = """ "name": "m", "task": "regression", "targetColumn": "y" """;

    private static readonly string Job = $""" "modelId": "{Guid.NewGuid()}", "datasetId": "{Guid.NewGuid()}" """;

    [Fact]
    public async Task CreateModel_StrayId_Returns400AtIdListingAllowedNames()
    {
        var problem = await PostRejectedAsync("/api/models", $$"""{ "id": "{{Guid.NewGuid()}}", {{Model}} }""");

        string message = Assert.Single(Errors(problem, "id"));
        Assert.Contains("Unknown property 'id'", message);
        Assert.Contains("name, task, targetColumn, featureColumns, layers", message);
    }

    [Fact]
    public async Task CreateModel_SnakeCaseOptimizerParameter_Returns400AtNestedPath()
    {
        var problem = await PostRejectedAsync("/api/models", $$"""{ {{Model}}, "optimizer": { "type": "sgd", "learning_rate": 0.5 } }""");

        string message = Assert.Single(Errors(problem, "optimizer.learning_rate"));
        Assert.Contains("learningRate", message);
    }

    [Fact]
    public async Task CreateModel_MisspeltLayerField_Returns400AtLayerIndex()
    {
        var problem = await PostRejectedAsync("/api/models",
            $$"""{ {{Model}}, "layers": [{ "type": "dense", "units": 4 }, { "type": "dense", "units": 4, "activaton": "tanh" }] }""");

        string message = Assert.Single(Errors(problem, "layers[1].activaton"));
        Assert.Contains("type, units, activation, rate, l1, l2, maxNorm", message);
    }

    [Fact]
    public async Task CreateModel_PropertyNameInAnotherCase_IsStillAccepted()
    {
        // Binding is case-insensitive (the web defaults); strictness is about names that mean nothing.
        var response = await RawJson.PostAsync(factory.CreateClient(), "/api/models",
            $$"""{ {{Model}}, "Optimizer": { "Type": "sgd", "LearningRate": 0.5 }, "layers": [{ "type": "dense", "units": 4 }, { "type": "dropout", "rate": 0.1 }, { "type": "batchNormalization" }] }""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var model = await RawJson.ReadAsync(response);
        Assert.Equal(0.5, model.GetProperty("optimizer").GetProperty("learningRate").GetDouble());
        Assert.Equal(["dense", "dropout", "batchNormalization"], model.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task CreateTrainingJob_UnknownTopLevelProperty_Returns400AtIt()
    {
        var problem = await PostRejectedAsync("/api/training-jobs", $$"""{ {{Job}}, "epochs": 3, "classWeight": { "a": 2 } }""");

        string message = Assert.Single(Errors(problem, "classWeight"));
        Assert.Contains("modelId, datasetId, epochs", message);
    }

    [Fact]
    public async Task CreateTrainingJob_UnknownEarlyStoppingField_Returns400AtNestedPath()
    {
        var problem = await PostRejectedAsync("/api/training-jobs", $$"""{ {{Job}}, "earlyStopping": { "patiance": 3 } }""");

        Assert.Contains("patience", Assert.Single(Errors(problem, "earlyStopping.patiance")));
    }

    [Fact]
    public async Task CreatePrediction_UnknownTopLevelProperty_Returns400AtIt()
    {
        var problem = await PostRejectedAsync($"/api/models/{Guid.NewGuid()}/predictions", """{ "rows": [{ "x": 1 }], "threshold": 0.7 }""");

        Assert.Contains("rows, datasetId, trainingJobId", Assert.Single(Errors(problem, "threshold")));
    }

    [Fact]
    public async Task CreatePrediction_UnknownPropertyAfterRows_Returns400AtItsPath()
    {
        // The rows themselves are free-form (keyed by the model's columns); only the request's own fields are strict.
        var problem = await PostRejectedAsync($"/api/models/{Guid.NewGuid()}/predictions", """{ "rows": [{ "x": 1, "anything": 2 }], "trainingJob": "x" }""");

        Assert.Single(Errors(problem, "trainingJob"));
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
    }

    private async Task<JsonElement> PostRejectedAsync(string path, string json)
    {
        var response = await RawJson.PostAsync(factory.CreateClient(), path, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await RawJson.ReadAsync(response);
    }

    private static string[] Errors(JsonElement problem, string key) =>
        problem.GetProperty("errors").TryGetProperty(key, out var messages)
            ? [.. messages.EnumerateArray().Select(m => m.GetString()!)]
            : throw new Xunit.Sdk.XunitException($"No error at '{key}' in {problem}");
}
