namespace TrainingService.Engine.Metrics;

/// <summary>
/// The distribution of regression residuals (actual − predicted) by quantile: its extremes and the 5th, 25th, 50th,
/// 75th and 95th percentiles, interpolated linearly between order statistics (numpy's and R's default, type 7).
/// </summary>
public sealed record ResidualSummary(double Min, double P5, double P25, double P50, double P75, double P95, double Max)
{
    /// <summary>The summary of the residuals <c>actual − predicted</c>; null for no rows.</summary>
    public static ResidualSummary? Compute(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"{predicted.Length} predictions for {actual.Length} actual values.", nameof(predicted));
        if (actual.Length == 0)
            return null;
        var residuals = new double[actual.Length];
        for (int i = 0; i < residuals.Length; i++)
            residuals[i] = (double)actual[i] - predicted[i];
        Array.Sort(residuals);
        return new ResidualSummary(
            residuals[0], Quantile(residuals, 0.05), Quantile(residuals, 0.25), Quantile(residuals, 0.5),
            Quantile(residuals, 0.75), Quantile(residuals, 0.95), residuals[^1]);
    }

    /// <summary>The <paramref name="q"/>-quantile of ascending <paramref name="sorted"/> values, linearly interpolated at position <c>q·(n − 1)</c>.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty)
            throw new ArgumentException("No values to take a quantile of.", nameof(sorted));
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
