namespace TrainingService.Engine.Metrics;

/// <summary>
/// Names of the per-epoch quantities early stopping and reduce-on-plateau can watch:
/// <c>trainLoss</c>, <c>validationLoss</c>, or <c>train</c>/<c>validation</c> followed by a metric key
/// of <see cref="MetricNames"/> (e.g. <c>validationAccuracy</c>, <c>trainR2</c>); case-insensitive.
/// </summary>
public static class MetricMonitor
{
    public const string ValidationLoss = "validationLoss";
    public const string TrainLoss = "trainLoss";

    /// <summary>Splits a monitor name into (validation?, metric key or null for the loss).</summary>
    public static (bool Validation, string? Metric) Parse(string monitor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(monitor);
        string rest;
        bool validation;
        if (monitor.StartsWith("validation", StringComparison.OrdinalIgnoreCase))
            (validation, rest) = (true, monitor["validation".Length..]);
        else if (monitor.StartsWith("train", StringComparison.OrdinalIgnoreCase))
            (validation, rest) = (false, monitor["train".Length..]);
        else
            throw new ArgumentException($"Unknown monitor '{monitor}': expected trainLoss, validationLoss, or train/validation + a metric name.", nameof(monitor));
        if (rest.Equals("loss", StringComparison.OrdinalIgnoreCase))
            return (validation, null);
        string? metric = MetricNames.All.FirstOrDefault(m => m.Equals(rest, StringComparison.OrdinalIgnoreCase));
        return metric is null
            ? throw new ArgumentException($"Unknown metric in monitor '{monitor}'; known: loss, {string.Join(", ", MetricNames.All)}.", nameof(monitor))
            : (validation, metric);
    }

    /// <summary>The explicit mode, or the natural one for the monitored quantity (max for accuracy, precision, recall, F1, R²).</summary>
    public static MonitorMode ResolveMode(string monitor, MonitorMode? mode)
    {
        if (mode is { } explicitMode)
            return explicitMode;
        var (_, metric) = Parse(monitor);
        return metric is not null && MetricNames.HigherIsBetter(metric) ? MonitorMode.Max : MonitorMode.Min;
    }

    /// <summary>True when <paramref name="value"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>. NaN never improves.</summary>
    public static bool IsImprovement(double value, double best, MonitorMode mode, double minDelta)
    {
        if (double.IsNaN(value))
            return false;
        if (double.IsNaN(best))
            return true;
        return mode == MonitorMode.Min ? value < best - minDelta : value > best + minDelta;
    }
}
