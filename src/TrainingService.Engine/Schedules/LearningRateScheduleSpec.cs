using TrainingService.Engine.Metrics;

namespace TrainingService.Engine.Schedules;

/// <summary>
/// Declarative learning-rate schedule applied per epoch on top of the optimizer's base rate.
/// Fields not used by <see cref="Type"/> are ignored.
/// </summary>
public sealed record LearningRateScheduleSpec
{
    /// <summary>Step's multiplier per decay when <see cref="Gamma"/> is null.</summary>
    public const double DefaultStepGamma = 0.1;

    /// <summary>Exponential's multiplier per epoch when <see cref="Gamma"/> is null.</summary>
    public const double DefaultExponentialGamma = 0.95;

    public ScheduleType Type { get; init; } = ScheduleType.Constant;

    /// <summary>Step: epochs between decays. Default 10.</summary>
    public int StepSize { get; init; } = 10;

    /// <summary>
    /// Multiplier per decay: step default <see cref="DefaultStepGamma"/>, exponential (per epoch) default
    /// <see cref="DefaultExponentialGamma"/>.
    /// </summary>
    public double? Gamma { get; init; }

    /// <summary>The multiplier this spec resolves to: <see cref="Gamma"/>, else the default of <see cref="Type"/>.</summary>
    public double EffectiveGamma() => Gamma ?? (Type == ScheduleType.Exponential ? DefaultExponentialGamma : DefaultStepGamma);

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

    /// <summary>Throws <see cref="ArgumentException"/> whose ParamName is the offending field (e.g. <c>schedule.gamma</c>).</summary>
    public void Validate(string prefix = "schedule")
    {
        if (!Enum.IsDefined(Type)) throw Invalid(prefix, "type", $"unknown schedule {(int)Type}.");
        if (StepSize <= 0) throw Invalid(prefix, "stepSize", $"must be ≥ 1, got {StepSize}.");
        if (Gamma is { } g && !(g > 0 && double.IsFinite(g))) throw Invalid(prefix, "gamma", $"must be finite and > 0, got {g}.");
        if (!(MinLearningRate >= 0 && double.IsFinite(MinLearningRate))) throw Invalid(prefix, "minLearningRate", $"must be finite and ≥ 0, got {MinLearningRate}.");
        if (!(Factor > 0 && Factor < 1)) throw Invalid(prefix, "factor", $"must be in (0, 1), got {Factor}.");
        if (Patience < 0) throw Invalid(prefix, "patience", $"must be ≥ 0, got {Patience}.");
        if (!(MinDelta >= 0)) throw Invalid(prefix, "minDelta", $"must be ≥ 0, got {MinDelta}.");
        if (Cooldown < 0) throw Invalid(prefix, "cooldown", $"must be ≥ 0, got {Cooldown}.");
        if (Type == ScheduleType.ReduceOnPlateau)
            MonitorField(prefix, Monitor);
    }

    private static void MonitorField(string prefix, string monitor)
    {
        try
        {
            MetricMonitor.Parse(monitor);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{prefix}.monitor: {e.Message}", $"{prefix}.monitor", e);
        }
    }

    private static ArgumentException Invalid(string prefix, string field, string message) =>
        new($"{prefix}.{field}: {message}", $"{prefix}.{field}");
}
