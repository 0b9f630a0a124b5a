namespace TrainingService.Core.CrossValidation;

/// <summary>A value over folds: their mean and sample standard deviation (n − 1; null with fewer than two folds).</summary>
public sealed record MetricSpread(double Mean, double? Std)
{
    /// <summary>The spread of <paramref name="values"/>, or null when there are none.</summary>
    public static MetricSpread? Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
            return null;
        double mean = values.Average();
        double? std = values.Count < 2 ? null : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new MetricSpread(mean, std);
    }
}
