using System.Net;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Models;

public sealed class CreateModelTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string EveryField = """
            {
              "name": "full",
              "task": "regression",
              "targetColumn": "price",
              "featureColumns": ["area", "rooms"],
              "layers": [
                { "type": "dense", "units": 128, "activation": "leakyRelu", "l1": 0.001, "l2": 0.002, "maxNorm": 4 },
                { "type": "batchNormalization" },
                { "type": "dropout", "rate": 0.25 },
                { "type": "dense", "units": 8, "activation": "tanh" }
              ],
              "loss": "huber",
              "huberDelta": 2.5,
              "optimizer": { "type": "nesterov", "learningRate": 0.05, "momentum": 0.8, "gradientClipNorm": 5 },
              "regularization": { "l1": 0.01, "l2": 0.0001, "maxNorm": 3 },
              "initializer": "glorot",
              "preprocessing": { "numeric": "minMax", "missing": "error" },
              "seed": 1234
            }
            """;

    [Fact]
    public async Task Create_MinimalClassification_Returns201WithLocationAndEveryDefault()
    {
        var client = factory.CreateClient();

        var response = await ModelJson.PostAsync(client, ModelJson.Minimal);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ModelJson.ReadAsync(response);
        Guid id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/models/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("minimal", body.GetProperty("name").GetString());
        Assert.Equal("classification", body.GetProperty("task").GetString());
        Assert.Equal("label", body.GetProperty("targetColumn").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("featureColumns").ValueKind);
        Assert.Equal(0, body.GetProperty("layers").GetArrayLength());
        Assert.Equal("auto", body.GetProperty("loss").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("huberDelta").ValueKind);
        AssertJson("""{"type":"adam","learningRate":0.001,"momentum":null,"beta1":0.9,"beta2":0.999,"epsilon":1E-08,"rho":null,"weightDecay":null,"gradientClipNorm":null}""",
            body.GetProperty("optimizer"));
        AssertJson("""{"l1":0,"l2":0,"maxNorm":null}""", body.GetProperty("regularization"));
        Assert.Equal("he", body.GetProperty("initializer").GetString());
        AssertJson("""{"numeric":"standardize","missing":"mean"}""", body.GetProperty("preprocessing"));
        Assert.InRange(body.GetProperty("seed").GetInt64(), 0, int.MaxValue);
        Assert.Contains("softmax", body.GetProperty("outputLayer").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("latestTrainingJobId").ValueKind);
        Assert.InRange(body.GetProperty("createdAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Create_MinimalRegression_DefaultsLossToMeanSquaredError()
    {
        var response = await ModelJson.PostAsync(factory.CreateClient(), """{ "name": "r", "task": "regression", "targetColumn": "price" }""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ModelJson.ReadAsync(response);
        Assert.Equal("meanSquaredError", body.GetProperty("loss").GetString());
        Assert.Contains("linear", body.GetProperty("outputLayer").GetString());
    }

    [Fact]
    public async Task Create_EveryField_EchoesDefinition()
    {
        var response = await ModelJson.PostAsync(factory.CreateClient(), EveryField);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ModelJson.ReadAsync(response);
        Assert.Equal(["area", "rooms"], body.GetProperty("featureColumns").EnumerateArray().Select(c => c.GetString()));
        AssertJson("""
            [{"type":"dense","units":128,"activation":"leakyRelu","l1":0.001,"l2":0.002,"maxNorm":4},
             {"type":"batchNormalization"},
             {"type":"dropout","rate":0.25},
             {"type":"dense","units":8,"activation":"tanh","l1":null,"l2":null,"maxNorm":null}]
            """, body.GetProperty("layers"));
        Assert.Equal("huber", body.GetProperty("loss").GetString());
        Assert.Equal(2.5, body.GetProperty("huberDelta").GetDouble());
        AssertJson("""{"type":"nesterov","learningRate":0.05,"momentum":0.8,"beta1":null,"beta2":null,"epsilon":null,"rho":null,"weightDecay":null,"gradientClipNorm":5}""",
            body.GetProperty("optimizer"));
        AssertJson("""{"l1":0.01,"l2":0.0001,"maxNorm":3}""", body.GetProperty("regularization"));
        Assert.Equal("glorot", body.GetProperty("initializer").GetString());
        AssertJson("""{"numeric":"minMax","missing":"error"}""", body.GetProperty("preprocessing"));
        Assert.Equal(1234, body.GetProperty("seed").GetInt64());
    }

    [Fact]
    public async Task Create_ThenGet_ReturnsSameDefinition()
    {
        var client = factory.CreateClient();
        var created = await ModelJson.ReadAsync(await ModelJson.PostAsync(client, EveryField));

        var response = await client.GetAsync($"/api/models/{created.GetProperty("id").GetGuid()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fetched = await ModelJson.ReadAsync(response);
        AssertJson(created.GetRawText(), fetched);
    }

    [Theory]
    [InlineData("adadelta", """{"type":"adadelta","learningRate":1,"momentum":null,"beta1":null,"beta2":null,"epsilon":1E-06,"rho":0.95,"weightDecay":null,"gradientClipNorm":null}""")]
    [InlineData("adamw", """{"type":"adamw","learningRate":0.001,"momentum":null,"beta1":0.9,"beta2":0.999,"epsilon":1E-08,"rho":null,"weightDecay":0.01,"gradientClipNorm":null}""")]
    [InlineData("sgd", """{"type":"sgd","learningRate":0.01,"momentum":null,"beta1":null,"beta2":null,"epsilon":null,"rho":null,"weightDecay":null,"gradientClipNorm":null}""")]
    [InlineData("rmsprop", """{"type":"rmsprop","learningRate":0.001,"momentum":null,"beta1":null,"beta2":null,"epsilon":1E-08,"rho":0.9,"weightDecay":null,"gradientClipNorm":null}""")]
    public async Task Create_OptimizerTypeOnly_FillsThatTypesDefaults(string type, string expected)
    {
        var response = await ModelJson.PostAsync(factory.CreateClient(),
            $$"""{ "name": "o", "task": "regression", "targetColumn": "y", "optimizer": { "type": "{{type}}" } }""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertJson(expected, (await ModelJson.ReadAsync(response)).GetProperty("optimizer"));
    }

    [Fact]
    public async Task Create_DenseWithoutActivation_DefaultsToRelu()
    {
        var response = await ModelJson.PostAsync(factory.CreateClient(),
            """{ "name": "d", "task": "classification", "targetColumn": "y", "layers": [{ "type": "dense", "units": 3 }] }""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("relu", (await ModelJson.ReadAsync(response)).GetProperty("layers")[0].GetProperty("activation").GetString());
    }

    // Compares JSON by value: numbers as decimals, so 1E-08 and 0.00000001 are equal.
    private static void AssertJson(string expected, JsonElement actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(expectedDocument.RootElement, actual), $"Expected {expected}\nbut got {actual.GetRawText()}");
    }
}
