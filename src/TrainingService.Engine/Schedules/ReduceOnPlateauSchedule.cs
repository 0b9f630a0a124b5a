using TrainingService.Engine.Metrics;

namespace TrainingService.Engine.Schedules;

/// <summary>
/// Multiplies the learning rate by <c>factor</c> (never below the minimum) once the monitored quantity
/// has failed to improve by more than <c>minDelta</c> for more than <c>patience</c> epochs, then waits
/// <c>cooldown</c> epochs before counting again (Keras/PyTorch semantics).
/// </summary>
public sealed class ReduceOnPlateauSchedule : ILearningRateSchedule
{
    private readonly double _factor;
    private readonly int _patience;
    private readonly double _minDelta;
    private readonly int _cooldown;
    private readonly double _min;
    private readonly MonitorMode _mode;
    private double _lr;
    private double _best = double.NaN;
    private int _bad;
    private int _cooldownRemaining;

    public ReduceOnPlateauSchedule(double baseLearningRate, string monitor = MetricMonitor.ValidationLoss, MonitorMode? mode = null,
        double factor = 0.1, int patience = 10, double minDelta = 1e-4, int cooldown = 0, double minLearningRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baseLearningRate);
        if (!(factor > 0 && factor < 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be in (0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(minDelta);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        ArgumentOutOfRangeException.ThrowIfNegative(minLearningRate);
        _mode = MetricMonitor.ResolveMode(monitor, mode);
        Monitor = monitor;
        (_lr, _factor, _patience, _minDelta, _cooldown, _min) = (baseLearningRate, factor, patience, minDelta, cooldown, minLearningRate);
    }

    public ScheduleType Type => ScheduleType.ReduceOnPlateau;

    public string? Monitor { get; }

    public float LearningRate(int epoch) => (float)_lr;

    public void EpochEnded(int epoch, double monitoredValue)
    {
        if (MetricMonitor.IsImprovement(monitoredValue, _best, _mode, _minDelta))
        {
            _best = monitoredValue;
            _bad = 0;
        }
        else
        {
            _bad++;
        }
        if (_cooldownRemaining > 0)
        {
            _cooldownRemaining--;
            _bad = 0;
        }
        if (_bad > _patience)
        {
            _lr = Math.Max(_lr * _factor, _min);
            _cooldownRemaining = _cooldown;
            _bad = 0;
        }
    }

    public ScheduleState GetState() => new(_lr, _best, _bad, _cooldownRemaining);

    public void SetState(ScheduleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!(state.LearningRate > 0))
            throw new ArgumentException("A reduce-on-plateau state carries a positive learning rate.", nameof(state));
        (_lr, _best, _bad, _cooldownRemaining) = (state.LearningRate, state.Best, state.BadEpochs, state.CooldownRemaining);
    }
}
