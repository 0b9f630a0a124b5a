using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Models;

public sealed class ModelsOpenApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task GetOpenApiDocument_Always_ListsModelRoutesWithSummaries()
    {
        var document = await GetDocumentAsync();

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/models").TryGetProperty("post", out var post));
        Assert.True(paths.GetProperty("/api/models").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/models/{id}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/models/{id}").TryGetProperty("delete", out _));
        Assert.Equal("Define a model", post.GetProperty("summary").GetString());
        Assert.Contains("output layer", post.GetProperty("description").GetString());
    }

    [Fact]
    public async Task GetOpenApiDocument_Always_ShowsCompleteCreateExample()
    {
        var document = await GetDocumentAsync();

        var example = document.GetProperty("paths").GetProperty("/api/models").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("churn-mlp", example.GetProperty("name").GetString());
        Assert.Equal(4, example.GetProperty("layers").GetArrayLength());
        Assert.Equal("adamw", example.GetProperty("optimizer").GetProperty("type").GetString());
    }

    [Fact]
    public async Task CreateModel_OpenApiExample_Returns201WithExampleEchoed()
    {
        var document = await GetDocumentAsync();
        var example = document.GetProperty("paths").GetProperty("/api/models").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");

        var response = await ModelJson.PostAsync(factory.CreateClient(), example.GetRawText());

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = await ModelJson.ReadAsync(response);
        Assert.Equal(example.GetProperty("seed").GetInt64(), body.GetProperty("seed").GetInt64());
        Assert.Equal(0.0005, body.GetProperty("layers")[0].GetProperty("l2").GetDouble());
    }

    [Theory]
    [InlineData("CreateModelRequest", "task", "classification,regression")]
    [InlineData("CreateModelRequest", "loss", "auto,categoricalCrossEntropy,binaryCrossEntropy,meanSquaredError,meanAbsoluteError,huber")]
    [InlineData("CreateModelRequest", "initializer", "he,glorot,lecun")]
    [InlineData("LayerRequest", "type", "dense,dropout,batchNormalization")]
    [InlineData("LayerRequest", "activation", "relu,leakyRelu,elu,gelu,sigmoid,tanh,linear")]
    [InlineData("OptimizerRequest", "type", "sgd,momentum,nesterov,adagrad,rmsprop,adadelta,adam,adamw")]
    [InlineData("PreprocessingRequest", "numeric", "standardize,minMax,none")]
    [InlineData("PreprocessingRequest", "missing", "mean,zero,error")]
    public async Task GetOpenApiDocument_Always_ListsRequestEnumValues(string schema, string property, string values)
    {
        var document = await GetDocumentAsync();

        var propertySchema = document.GetProperty("components").GetProperty("schemas").GetProperty(schema)
            .GetProperty("properties").GetProperty(property);
        Assert.Equal(values, string.Join(",", propertySchema.GetProperty("enum").EnumerateArray().Select(v => v.GetString())));
        Assert.False(string.IsNullOrEmpty(propertySchema.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task GetOpenApiDocument_Always_ListsResponseEnumValuesInCamelCase()
    {
        var document = await GetDocumentAsync();

        string raw = document.GetProperty("components").GetProperty("schemas").GetRawText();
        Assert.Contains("\"leakyRelu\"", raw);
        Assert.Contains("\"categoricalCrossEntropy\"", raw);
        Assert.Contains("\"minMax\"", raw);
    }

    private async Task<JsonElement> GetDocumentAsync()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        return document.RootElement.Clone();
    }
}
