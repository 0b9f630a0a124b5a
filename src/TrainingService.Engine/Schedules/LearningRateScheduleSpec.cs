using TrainingService.Engine.Metrics;

namespace TrainingService.Engine.Schedules;

/// <summary>
/// Declarative learning-rate schedule applied per epoch on top of the optimizer's base rate.
/// Fields not used by <see cref="Type"/> are ignored.
/// </summary>
public sealed record LearningRateScheduleSpec
{
    public ScheduleType Type { get; init; } = ScheduleType.Constant;

    /// <summary>Step: epochs between decays. Default 10.</summary>
    public int StepSize { get; init; } = 10;

    /// <summary>Multiplier per decay: step default 0.1, exponential (per epoch) default 0.95.</summary>
    public double? Gamma { get; init; }

    /// <summary>Floor for cosine (reached after all epochs) and reduce-on-plateau. Default 0.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>Reduce-on-plateau: quantity watched (see <see cref="MetricMonitor"/>). Default validationLoss.</summary>
    public string Monitor { get; init; } = MetricMonitor.ValidationLoss;

    /// <summary>Reduce-on-plateau: improvement direction; null picks the natural one for <see cref="Monitor"/>.</summary>
    public MonitorMode? Mode { get; init; }

    /// <summary>Reduce-on-plateau: multiplier applied on a plateau. Default 0.1.</summary>
    public double Factor { get; init; } = 0.1;

    /// <summary>Reduce-on-plateau: epochs without improvement tolerated before reducing. Default 10.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Reduce-on-plateau: smallest absolute change that counts as an improvement. Default 1e-4.</summary>
    public double MinDelta { get; init; } = 1e-4;

    /// <summary>Reduce-on-plateau: epochs to wait after a reduction before counting again. Default 0.</summary>
    public int Cooldown { get; init; }
}
