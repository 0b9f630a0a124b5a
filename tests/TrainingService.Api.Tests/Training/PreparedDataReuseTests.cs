using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using TrainingService.Core.Training.Preprocessing;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// A worker keeps its last prepared data for the next job that reads the same (<see cref="PreparedDataCache"/>): a
/// tuning trial with other layers or another learning rate reuses it; a job that would split or encode otherwise does not.
/// </summary>
public sealed class PreparedDataReuseTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task PrepareAsync_OtherLayersAndOptimizer_ReusesTheEncodedRows()
    {
        var dataset = await TrainingScenario.UploadAsync(factory.CreateClient(), TrainingScenario.ClassificationCsv(600));
        var options = new TrainingJobParameters { ValidationSplit = 0.25, Seed = 3 };

        var first = await PrepareAsync(dataset, options, Definition(units: 8, learningRate: 0.01));
        var second = await PrepareAsync(dataset, options with { Epochs = 3, BatchSize = 64 }, Definition(units: 32, learningRate: 0.1));

        Assert.Same(first.Train, second.Train);
        Assert.Same(first.Validation, second.Validation);
        Assert.Same(first.Preprocessing, second.Preprocessing);
        Assert.NotEqual(first.NetworkSpec, second.NetworkSpec);
        Assert.Equal(3, second.TrainerOptions.Epochs);
    }

    [Fact]
    public async Task PrepareAsync_OtherSeedOrSplitOrScaling_PreparesAgain()
    {
        var dataset = await TrainingScenario.UploadAsync(factory.CreateClient(), TrainingScenario.ClassificationCsv(600));
        var options = new TrainingJobParameters { ValidationSplit = 0.25, Seed = 3 };
        var first = await PrepareAsync(dataset, options, Definition(units: 8, learningRate: 0.01));

        var otherSeed = await PrepareAsync(dataset, options with { Seed = 4 }, Definition(units: 8, learningRate: 0.01));
        var otherSplit = await PrepareAsync(dataset, options with { ValidationSplit = 0.5 }, Definition(units: 8, learningRate: 0.01));
        var otherScaling = await PrepareAsync(dataset, options, Definition(units: 8, learningRate: 0.01, NumericScaling.MinMax));

        Assert.NotEqual(first.Train.Features, otherSeed.Train.Features);
        Assert.InRange(otherSplit.Train.Rows, 295, 305);
        Assert.InRange(first.Train.Rows, 445, 455);
        Assert.NotEqual(first.Train.Features, otherScaling.Train.Features);
        Assert.Equal(first.Train.Features, (await PrepareAsync(dataset, options, Definition(units: 8, learningRate: 0.01))).Train.Features);
    }

    [Fact]
    public async Task PrepareAsync_ClassWeightsAfterAReuse_WeighOnlyThisJobsRows()
    {
        var dataset = await TrainingScenario.UploadAsync(factory.CreateClient(), TrainingScenario.ClassificationCsv(600));
        var options = new TrainingJobParameters { ValidationSplit = 0.25, Seed = 3 };
        var plain = await PrepareAsync(dataset, options, Definition(units: 8, learningRate: 0.01));

        var weighted = await PrepareAsync(dataset, options with { ClassWeights = ClassWeights.Balanced }, Definition(units: 8, learningRate: 0.01));

        Assert.Same(plain.Train.Features, weighted.Train.Features);
        Assert.NotNull(weighted.Train.SampleWeights);
        Assert.Null(plain.Train.SampleWeights);
        Assert.Null((await PrepareAsync(dataset, options, Definition(units: 8, learningRate: 0.01))).Train.SampleWeights);
    }

    [Fact]
    public async Task PrepareAsync_DatasetDeletedAfterItsRowsWereKept_FailsOnTheData()
    {
        var client = factory.CreateClient();
        var dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(600));
        var options = new TrainingJobParameters { ValidationSplit = 0.25, Seed = 3 };
        await PrepareAsync(dataset, options, Definition(units: 8, learningRate: 0.01));
        (await client.DeleteAsync($"/api/datasets/{dataset}")).EnsureSuccessStatusCode();

        var error = await Assert.ThrowsAsync<TrainingDataException>(() => PrepareAsync(dataset, options, Definition(units: 8, learningRate: 0.01)));

        Assert.Contains(dataset.ToString(), error.Message);
    }

    private async Task<PreparedTraining> PrepareAsync(Guid dataset, TrainingJobParameters options, ModelDefinition definition)
    {
        await using var scope = factory.CreateTenantScope();
        var job = new TrainingJob
        {
            Id = Guid.NewGuid(), DatasetId = dataset, Parameters = options, RecordedDatasetId = dataset, RecordedDatasetName = "d",
        };
        return await scope.ServiceProvider.GetRequiredService<TrainingPreparation>().PrepareAsync(job, options, definition, engineThreads: 1, default);
    }

    private static ModelDefinition Definition(int units, double learningRate, NumericScaling scaling = NumericScaling.Standardize) => new(
        ModelTask.Classification, "label", null, [new DenseLayerDefinition(units, Activation.Relu)], LossFunction.Auto, null,
        new OptimizerDefinition(OptimizerType.Adam, learningRate), new RegularizationDefinition(0, 0, null), WeightInitializer.He,
        new PreprocessingDefinition(scaling, MissingValueStrategy.Mean), Seed: 1);
}
