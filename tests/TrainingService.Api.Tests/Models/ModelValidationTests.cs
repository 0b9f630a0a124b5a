using System.Net;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Models;

public sealed class ModelValidationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Create_UnknownActivation_Returns400KeyedByLayerPathListingAllowedValues()
    {
        var problem = await PostInvalidAsync("""
            { "name": "m", "task": "classification", "targetColumn": "y", "layers": [
              { "type": "dense", "units": 8 }, { "type": "dropout", "rate": 0.1 }, { "type": "dense", "units": 4, "activation": "swish" } ] }
            """);

        string message = Assert.Single(ModelJson.Errors(problem, "layers[2].activation"));
        Assert.Contains("'swish'", message);
        Assert.Contains("relu, leakyRelu, elu, gelu, sigmoid, tanh, linear", message);
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
    }

    [Fact]
    public async Task Create_UnknownTask_Returns400AtTask()
    {
        var problem = await PostInvalidAsync("""{ "name": "m", "task": "clustering", "targetColumn": "y" }""");

        Assert.Contains("classification, regression", Assert.Single(ModelJson.Errors(problem, "task")));
    }

    [Fact]
    public async Task Create_UnknownOptimizerType_Returns400AtOptimizerType()
    {
        var problem = await PostInvalidAsync("""{ "name": "m", "task": "regression", "targetColumn": "y", "optimizer": { "type": "lbfgs" } }""");

        Assert.Contains("sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw", Assert.Single(ModelJson.Errors(problem, "optimizer.type")));
    }

    [Fact]
    public async Task Create_NegativeLearningRate_Returns400AtOptimizerLearningRate()
    {
        var problem = await PostInvalidAsync("""{ "name": "m", "task": "regression", "targetColumn": "y", "optimizer": { "type": "sgd", "learningRate": -0.1 } }""");

        Assert.Contains("greater than 0", Assert.Single(ModelJson.Errors(problem, "optimizer.learningRate")));
    }

    [Fact]
    public async Task Create_ParameterOfAnotherOptimizer_Returns400AtThatParameter()
    {
        var problem = await PostInvalidAsync("""{ "name": "m", "task": "regression", "targetColumn": "y", "optimizer": { "type": "sgd", "beta1": 0.9 } }""");

        Assert.Contains("does not apply to optimizer sgd", Assert.Single(ModelJson.Errors(problem, "optimizer.beta1")));
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("-0.1")]
    public async Task Create_DropoutRateOutOfRange_Returns400AtRate(string rate)
    {
        var problem = await PostInvalidAsync(
            $$"""{ "name": "m", "task": "regression", "targetColumn": "y", "layers": [{ "type": "dropout", "rate": {{rate}} }] }""");

        Assert.Contains("less than 1", Assert.Single(ModelJson.Errors(problem, "layers[0].rate")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65537")]
    public async Task Create_UnitsOutOfRange_Returns400AtUnits(string units)
    {
        var problem = await PostInvalidAsync(
            $$"""{ "name": "m", "task": "regression", "targetColumn": "y", "layers": [{ "type": "dense", "units": {{units}} }] }""");

        Assert.Contains("between 1 and 65536", Assert.Single(ModelJson.Errors(problem, "layers[0].units")));
    }

    [Fact]
    public async Task Create_UnknownLayerType_Returns400AtLayerType()
    {
        var problem = await PostInvalidAsync("""{ "name": "m", "task": "regression", "targetColumn": "y", "layers": [{ "type": "conv2d" }] }""");

        Assert.Contains("dense, dropout, batchNormalization", Assert.Single(ModelJson.Errors(problem, "layers[0].type")));
    }

    [Fact]
    public async Task Create_MissingName_Returns400AtName()
    {
        var problem = await PostInvalidAsync("""{ "task": "regression", "targetColumn": "y" }""");

        Assert.Contains("name is required", Assert.Single(ModelJson.Errors(problem, "name")));
    }

    [Fact]
    public async Task Create_NameTooLong_Returns400AtName()
    {
        var problem = await PostInvalidAsync($$"""{ "name": "{{new string('n', 257)}}", "task": "regression", "targetColumn": "y" }""");

        Assert.Contains("at most 256", Assert.Single(ModelJson.Errors(problem, "name")));
    }

    [Fact]
    public async Task Create_MissingTargetColumn_Returns400AtTargetColumn()
    {
        var problem = await PostInvalidAsync("""{ "name": "m", "task": "regression" }""");

        Assert.Contains("targetColumn is required", Assert.Single(ModelJson.Errors(problem, "targetColumn")));
    }

    [Fact]
    public async Task Create_LossOfOtherTask_Returns400AtLoss()
    {
        var problem = await PostInvalidAsync("""{ "name": "m", "task": "classification", "targetColumn": "y", "loss": "meanSquaredError" }""");

        Assert.Contains("auto, categoricalCrossEntropy, binaryCrossEntropy", Assert.Single(ModelJson.Errors(problem, "loss")));
    }

    [Fact]
    public async Task Create_TargetAlsoFeatureAndDuplicateFeature_Returns400AtEachEntry()
    {
        var problem = await PostInvalidAsync("""{ "name": "m", "task": "regression", "targetColumn": "y", "featureColumns": ["a", "y", "a"] }""");

        Assert.Contains("target column", Assert.Single(ModelJson.Errors(problem, "featureColumns[1]")));
        Assert.Contains("featureColumns[0]", Assert.Single(ModelJson.Errors(problem, "featureColumns[2]")));
    }

    [Fact]
    public async Task Create_SeveralErrors_ReportsAllTogether()
    {
        var problem = await PostInvalidAsync("""
            { "task": "forecasting", "layers": [ { "type": "dense", "units": 0, "activation": "relu6" }, { "type": "dropout" }, { "type": "pool" } ],
              "loss": "hinge", "optimizer": { "type": "adam", "learningRate": 0, "beta2": 1 }, "regularization": { "l1": -1, "maxNorm": 0 },
              "initializer": "zeros", "preprocessing": { "numeric": "log", "missing": "drop" }, "seed": -5 }
            """);

        string[] expected =
        [
            "name", "task", "targetColumn", "layers[0].units", "layers[0].activation", "layers[1].rate", "layers[2].type", "loss",
            "optimizer.learningRate", "optimizer.beta2", "regularization.l1", "regularization.maxNorm", "initializer",
            "preprocessing.numeric", "preprocessing.missing", "seed",
        ];
        Assert.Equal(expected.Order(), problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400ProblemNamingLineAndPosition()
    {
        var response = await ModelJson.PostAsync(factory.CreateClient(), "{\n  \"name\": \"m\",\n  \"task\": classification\n}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ModelJson.ReadAsync(response);
        Assert.Equal(3, problem.GetProperty("line").GetInt64());
        Assert.Contains("Line 3", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Create_WrongJsonTypeForNumber_Returns400KeyedByFieldPath()
    {
        var response = await ModelJson.PostAsync(factory.CreateClient(),
            """{ "name": "m", "task": "regression", "targetColumn": "y", "layers": [{ "type": "dense", "units": "many" }] }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ModelJson.ReadAsync(response);
        Assert.Contains("wrong JSON type", Assert.Single(ModelJson.Errors(problem, "layers[0].units")));
        Assert.Equal(1, problem.GetProperty("line").GetInt64());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task Create_NoBody_Returns400AtRoot(string body)
    {
        var problem = await PostInvalidAsync(body);

        Assert.Contains("required", Assert.Single(ModelJson.Errors(problem, "$")));
    }

    private async Task<System.Text.Json.JsonElement> PostInvalidAsync(string json)
    {
        var response = await ModelJson.PostAsync(factory.CreateClient(), json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await ModelJson.ReadAsync(response);
    }
}
