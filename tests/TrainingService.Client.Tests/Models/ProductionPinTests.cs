using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Models;

/// <summary>
/// The production pin and class weights through the client.
/// </summary>
public sealed class ProductionPinTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly TrainingServiceClient client = factory.CreateTrainingServiceClient();

    [Fact]
    public async Task PinUnpinAndHistory_RoundTrip()
    {
        var (_, model, job) = await ClientScenario.TrainAsync(client);

        var pin = await client.Models.PinProductionAsync(model.Id, job.Id);
        Assert.Equal(new ProductionPin(model.Id, job.Id), pin);
        Assert.Equal(job.Id, (await client.Models.GetAsync(model.Id)).ProductionTrainingJobId);
        var pinned = await Assert.ThrowsAsync<TrainingServiceException>(() => client.TrainingJobs.DeleteAsync(job.Id));
        Assert.True(pinned.IsConflict);

        await client.Models.UnpinProductionAsync(model.Id);

        Assert.Null((await client.Models.GetAsync(model.Id)).ProductionTrainingJobId);
        var history = await client.Models.GetProductionHistoryAsync(model.Id);
        Assert.Equal(["unpin", "pin"], history.Select(h => h.Action));
        Assert.Equal("apiKey", history[1].ActorKind);
        var notTheModels = await Assert.ThrowsAsync<TrainingServiceException>(() => client.Models.PinProductionAsync(model.Id, Guid.NewGuid()));
        Assert.Contains("trainingJobId", notTheModels.Errors.Keys);
    }

    [Fact]
    public async Task CreateAsync_ClassWeights_EchoedInTheOptionsAndThePlan()
    {
        var dataset = await ClientScenario.UploadAsync(client, ClientScenario.IrisCsv);
        var model = await client.Models.CreateAsync(ClientScenario.Classifier());

        var balanced = await client.TrainingJobs.ValidateAsync(new TrainingJobRequest(model.Id, dataset.Id) { ClassWeights = ClassWeights.Balanced });
        var byLabel = await client.TrainingJobs.ValidateAsync(new TrainingJobRequest(model.Id, dataset.Id)
        {
            ClassWeights = ClassWeights.ByLabel(new Dictionary<string, double> { ["setosa"] = 2 }),
        });

        Assert.True(balanced.Options.ClassWeights!.IsBalanced);
        Assert.Equal("balanced", balanced.Plan.ClassWeights!.Mode);
        Assert.Equal(2, byLabel.Options.ClassWeights!.Weights!["setosa"]);
        Assert.Equal("byLabel", byLabel.Plan.ClassWeights!.Mode);
    }
}
