namespace TrainingService.Engine.Schedules;

/// <summary>
/// Schedules whose rate is a function of the epoch alone: constant; step (<c>lr·γ^⌊e/stepSize⌋</c>);
/// exponential (<c>lr·γ^e</c>); cosine annealing over <c>T</c> total epochs
/// (<c>min + (lr − min)·(1 + cos(π·e/T))/2</c>, PyTorch's <c>T_max = epochs</c> convention).
/// </summary>
public sealed class ClosedFormSchedule : ILearningRateSchedule
{
    private readonly double _base;
    private readonly int _stepSize;
    private readonly double _gamma;
    private readonly double _min;
    private readonly int _totalEpochs;

    public ClosedFormSchedule(ScheduleType type, double baseLearningRate, int stepSize = 10, double gamma = LearningRateScheduleSpec.DefaultStepGamma,
        double minLearningRate = 0, int totalEpochs = 1)
    {
        if (type == ScheduleType.ReduceOnPlateau)
            throw new ArgumentException("Reduce-on-plateau is not a closed-form schedule; use ReduceOnPlateauSchedule.", nameof(type));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baseLearningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gamma);
        ArgumentOutOfRangeException.ThrowIfNegative(minLearningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalEpochs);
        Type = type;
        (_base, _stepSize, _gamma, _min, _totalEpochs) = (baseLearningRate, stepSize, gamma, minLearningRate, totalEpochs);
    }

    public ScheduleType Type { get; }

    public string? Monitor => null;

    public float LearningRate(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        double lr = Type switch
        {
            ScheduleType.Step => _base * Math.Pow(_gamma, epoch / _stepSize),
            ScheduleType.Exponential => _base * Math.Pow(_gamma, epoch),
            ScheduleType.Cosine => _min + (_base - _min) * (1 + Math.Cos(Math.PI * Math.Min(epoch, _totalEpochs) / _totalEpochs)) / 2,
            _ => _base,
        };
        return (float)lr;
    }

    public void EpochEnded(int epoch, double monitoredValue)
    {
    }

    public ScheduleState GetState() => ScheduleState.None;

    public void SetState(ScheduleState state) => ArgumentNullException.ThrowIfNull(state);
}
