using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Metrics;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Training;

public sealed class ConvergenceTests
{
    [Fact]
    public void Fit_Xor_ClassifiesAllFourPoints()
    {
        TrainingData data = TrainingDataSets.Xor();
        Network network = new NetworkBuilder(2).Dense(8, ActivationKind.Tanh).Dense(1, ActivationKind.Sigmoid).WithSeed(1).Build();
        var options = new TrainerOptions
        {
            Epochs = 300, BatchSize = 4, Loss = LossKind.BinaryCrossEntropy,
            Optimizer = new OptimizerSpec { Type = OptimizerKind.Adam, LearningRate = 0.05f },
        };

        TrainingResult result = Trainer.Fit(network, data, null, options);

        var output = new float[4];
        network.Predict(data.Features, 4, output);
        Assert.Equal(StopReason.Completed, result.StopReason);
        for (int i = 0; i < 4; i++)
            Assert.Equal(data.Targets[i], output[i] > 0.5f ? 1f : 0f);
    }

    [Fact]
    public void Fit_TwoSpirals_ReachesAtLeast98PercentTrainAccuracy()
    {
        TrainingData data = TrainingDataSets.Spirals(200, seed: 11);
        Network network = new NetworkBuilder(2)
            .Dense(32, ActivationKind.Relu).Dense(32, ActivationKind.Relu).Dense(2, ActivationKind.Softmax)
            .WithSeed(2).Build();
        var options = new TrainerOptions
        {
            Epochs = 60, BatchSize = 16, Loss = LossKind.CategoricalCrossEntropy,
            Optimizer = new OptimizerSpec { Type = OptimizerKind.Adam, LearningRate = 0.01f }, Seed = 5,
        };

        Trainer.Fit(network, data, null, options);

        var output = new float[data.Rows * 2];
        network.Predict(data.Features, data.Rows, output);
        var predicted = new int[data.Rows];
        var actual = new int[data.Rows];
        ClassificationMetrics.ArgMax(output, 2, predicted);
        ClassificationMetrics.ArgMax(data.Targets, 2, actual);
        double accuracy = ClassificationMetrics.Accuracy(predicted, actual);
        Assert.True(accuracy >= 0.98, $"train accuracy {accuracy}");
    }

    [Fact]
    public void Fit_SineRegression_ReachesR2AtLeast099()
    {
        TrainingData data = TrainingDataSets.Sine(256, seed: 3);
        TrainingData validation = TrainingDataSets.Sine(64, seed: 4);
        Network network = new NetworkBuilder(1).Dense(32, ActivationKind.Relu).Dense(32, ActivationKind.Relu).Dense(1).WithSeed(3).Build();
        var options = new TrainerOptions
        {
            Epochs = 200, BatchSize = 32, Loss = LossKind.MeanSquaredError,
            Optimizer = new OptimizerSpec { Type = OptimizerKind.Adam, LearningRate = 0.01f },
        };

        TrainingResult result = Trainer.Fit(network, data, validation, options);

        var output = new float[validation.Rows];
        network.Predict(validation.Features, validation.Rows, output);
        double r2 = RegressionMetrics.R2(output, validation.Targets);
        Assert.True(r2 >= 0.99, $"validation R² {r2}");
        Assert.Equal(r2, result.History[^1].ValidationMetrics![MetricNames.R2], 1e-4);
    }
}
