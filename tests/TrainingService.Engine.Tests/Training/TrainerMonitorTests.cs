using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Schedules;
using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Training;

public sealed class TrainerMonitorTests
{
    private static readonly TrainingData Data = TrainingDataSets.Regression(32, inputs: 3, outputs: 1, seed: 9);

    [Fact]
    public void Fit_ValidationMonitorWithoutValidationSet_FallsBackToTrainLoss()
    {
        // A min delta nothing can beat: the first epoch is the best, the second exhausts patience 0.
        var options = new TrainerOptions
        {
            Epochs = 10, BatchSize = 8, Loss = LossKind.MeanSquaredError,
            EarlyStopping = new EarlyStoppingOptions { Patience = 0, MinDelta = 1e9 },
        };

        TrainingResult result = Trainer.Fit(Build(), Data, null, options);

        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.Equal(2, result.EpochsCompleted);
        Assert.Equal(1, result.BestEpoch);
        Assert.All(result.History, r => Assert.Null(r.ValidationLoss));
    }

    [Fact]
    public void Fit_ReduceOnPlateauOnTrainLoss_LowersReportedLearningRate()
    {
        var options = new TrainerOptions
        {
            Epochs = 4, BatchSize = 8, Loss = LossKind.MeanSquaredError,
            Schedule = new LearningRateScheduleSpec { Type = ScheduleType.ReduceOnPlateau, Monitor = "trainLoss", Patience = 0, MinDelta = 1e9, Factor = 0.5 },
        };

        TrainingResult result = Trainer.Fit(Build(), Data, null, options);

        Assert.Equal([0.001, 0.001, 0.0005, 0.00025], result.History.Select(r => Math.Round(r.LearningRate, 7)));
    }

    [Fact]
    public void Fit_MonitorOfClassificationMetricOnRegression_ThrowsNamingField()
    {
        var options = new TrainerOptions { Loss = LossKind.MeanSquaredError, EarlyStopping = new EarlyStoppingOptions { Monitor = "validationAccuracy" } };

        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(Build(), Data, Data, options));
        Assert.Equal("earlyStopping.monitor", error.ParamName);
    }

    private static Network Build() => new NetworkBuilder(3).Dense(4, ActivationKind.Tanh).Dense(1).WithSeed(2).Build();
}
