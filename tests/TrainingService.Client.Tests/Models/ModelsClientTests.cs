using System.Net;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Models;

public sealed class ModelsClientTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly TrainingServiceClient client = factory.CreateTrainingServiceClient();

    [Fact]
    public async Task CreateAsync_EveryKindOfLayer_EchoesTheDefinitionWithDefaultsFilledIn()
    {
        var request = new CreateModelRequest("full", ModelTask.Classification, "label")
        {
            FeatureColumns = ["x", "y"],
            Layers = [new DenseLayer(8, Activation.LeakyRelu, L2: 0.001), new BatchNormalizationLayer(), new DropoutLayer(0.25)],
            Loss = LossFunction.CategoricalCrossEntropy,
            Optimizer = new Optimizer(OptimizerType.Adamw, LearningRate: 0.002),
            Regularization = new Regularization(L1: 0.0001),
            Initializer = WeightInitializer.Glorot,
            Preprocessing = new Preprocessing(NumericScaling.MinMax, MissingValueStrategy.Zero),
            Seed = 11,
        };

        var model = await client.Models.CreateAsync(request);

        Assert.Equal("full", model.Name);
        Assert.Equal(ModelTask.Classification, model.Task);
        Assert.Equal(["x", "y"], model.FeatureColumns!);
        var dense = Assert.IsType<DenseLayer>(model.Layers[0]);
        Assert.Equal((8, Activation.LeakyRelu, 0.001), (dense.Units, dense.Activation!.Value, dense.L2!.Value));
        Assert.IsType<BatchNormalizationLayer>(model.Layers[1]);
        Assert.Equal(0.25, Assert.IsType<DropoutLayer>(model.Layers[2]).Rate);
        Assert.Equal(LossFunction.CategoricalCrossEntropy, model.Loss);
        // The defaults the service filled in come back typed.
        Assert.Equal(OptimizerType.Adamw, model.Optimizer.Type);
        Assert.Equal(0.01, model.Optimizer.WeightDecay);
        Assert.Equal(0.9, model.Optimizer.Beta1);
        Assert.Equal(new Regularization(0.0001, 0, null), model.Regularization);
        Assert.Equal(WeightInitializer.Glorot, model.Initializer);
        Assert.Equal(new Preprocessing(NumericScaling.MinMax, MissingValueStrategy.Zero), model.Preprocessing);
        Assert.Equal(11, model.Seed);
        Assert.Null(model.LatestTrainingJobId);
        Assert.False(string.IsNullOrEmpty(model.OutputLayer));
    }

    [Fact]
    public async Task CreateAsync_InvalidFields_ThrowsValidationErrorNamingEachField()
    {
        var request = new CreateModelRequest("bad", ModelTask.Regression, "target")
        {
            Layers = [new DenseLayer(0), new DropoutLayer(1.5)],
            Loss = LossFunction.CategoricalCrossEntropy,
        };

        var error = await Assert.ThrowsAsync<TrainingServiceException>(() => client.Models.CreateAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.True(error.IsValidationError);
        Assert.Equal("The model definition is not valid.", error.Title);
        Assert.Contains("layers[0].units", error.Errors.Keys);
        Assert.Contains("layers[1].rate", error.Errors.Keys);
        Assert.Contains("loss", error.Errors.Keys);
        Assert.Contains("layers[0].units", error.Message);
    }

    [Fact]
    public async Task ListGetDelete_RoundTrip()
    {
        var model = await client.Models.CreateAsync(new CreateModelRequest("listed", ModelTask.Regression, "target"));

        var page = await client.Models.ListAsync(limit: 1000);
        Assert.Contains(page.Items, m => m.Id == model.Id);

        var got = await client.Models.GetAsync(model.Id);
        Assert.Equal(model.Name, got.Name);
        Assert.Equal(LossFunction.MeanSquaredError, got.Loss);
        Assert.Empty(got.Layers);

        await client.Models.DeleteAsync(model.Id);
        var error = await Assert.ThrowsAsync<TrainingServiceException>(() => client.Models.GetAsync(model.Id));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        var again = await Assert.ThrowsAsync<TrainingServiceException>(() => client.Models.DeleteAsync(model.Id));
        Assert.True(again.IsNotFound);
    }
}
