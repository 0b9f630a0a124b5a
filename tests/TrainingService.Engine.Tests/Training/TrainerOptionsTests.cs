using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Schedules;
using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Training;

public sealed class TrainerOptionsTests
{
    public static TheoryData<TrainerOptions, string> InvalidOptions => new()
    {
        { new TrainerOptions { Epochs = 0 }, "epochs" },
        { new TrainerOptions { BatchSize = -1 }, "batchSize" },
        { new TrainerOptions { L2 = float.NaN }, "l2" },
        { new TrainerOptions { GradientClipNorm = 0f }, "gradientClipNorm" },
        { new TrainerOptions { Optimizer = new OptimizerSpec { Beta2 = 1f } }, "optimizer.beta2" },
        { new TrainerOptions { Optimizer = new OptimizerSpec { LearningRate = -0.1f } }, "optimizer.learningRate" },
        { new TrainerOptions { Schedule = new LearningRateScheduleSpec { Type = ScheduleType.Step, StepSize = 0 } }, "schedule.stepSize" },
        { new TrainerOptions { Schedule = new LearningRateScheduleSpec { Type = ScheduleType.ReduceOnPlateau, Monitor = "loss" } }, "schedule.monitor" },
        { new TrainerOptions { EarlyStopping = new EarlyStoppingOptions { Patience = -1 } }, "earlyStopping.patience" },
        { new TrainerOptions { EarlyStopping = new EarlyStoppingOptions { Monitor = "validationBananas" } }, "earlyStopping.monitor" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_OutOfRangeField_ThrowsNamingField(TrainerOptions options, string field)
    {
        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void Validate_Defaults_Pass()
    {
        var options = new TrainerOptions { EarlyStopping = new EarlyStoppingOptions() };

        options.Validate();

        Assert.Equal(OptimizerKind.Adam, options.Optimizer.Type);
        Assert.Equal(ScheduleType.Constant, options.Schedule.Type);
    }
}
