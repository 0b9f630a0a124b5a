namespace TrainingService.Core.Training;

/// <summary>How the learning rate changes over epochs. Fields that do not apply to <see cref="Type"/> are ignored.</summary>
public sealed record LearningRateScheduleRequest
{
    /// <summary><c>constant</c>, <c>step</c>, <c>exponential</c>, <c>cosine</c> or <c>reduceOnPlateau</c>.</summary>
    public string Type { get; init; } = "constant";

    /// <summary>step: epochs between decays.</summary>
    public int StepSize { get; init; } = 10;

    /// <summary>
    /// step and exponential: the multiplier per decay; null for the engine's default of the type
    /// (<see cref="Engine.Schedules.LearningRateScheduleSpec.DefaultStepGamma"/>,
    /// <see cref="Engine.Schedules.LearningRateScheduleSpec.DefaultExponentialGamma"/> per epoch).
    /// </summary>
    public double? Gamma { get; init; }

    /// <summary>cosine and reduceOnPlateau: the floor.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>reduceOnPlateau: the multiplier when the validation loss stalls.</summary>
    public double Factor { get; init; } = 0.5;

    /// <summary>reduceOnPlateau: epochs without improvement before reducing.</summary>
    public int Patience { get; init; } = 3;
}
