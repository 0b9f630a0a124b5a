namespace TrainingService.Engine.Metrics;

/// <summary>
/// Regression metrics over spans of equal length (row-major <c>[rows, outputs]</c>), accumulated in
/// double. R² is computed per output column and averaged (scikit-learn's <c>uniform_average</c>).
/// </summary>
public static class RegressionMetrics
{
    public static double Mse(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        CheckSameLength(predicted, actual);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double d = (double)predicted[i] - actual[i];
            sum += d * d;
        }
        return actual.Length == 0 ? double.NaN : sum / actual.Length;
    }

    public static double Rmse(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual) => Math.Sqrt(Mse(predicted, actual));

    public static double Mae(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        CheckSameLength(predicted, actual);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
            sum += Math.Abs((double)predicted[i] - actual[i]);
        return actual.Length == 0 ? double.NaN : sum / actual.Length;
    }

    /// <summary>
    /// Coefficient of determination <c>1 − SSres/SStot</c> per output, averaged over outputs. An output
    /// whose actual values are constant scores 1 when predicted exactly and 0 otherwise.
    /// </summary>
    public static double R2(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual, int outputs = 1)
    {
        CheckSameLength(predicted, actual);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        if (actual.Length % outputs != 0)
            throw new ArgumentException($"{actual.Length} values are not rows of {outputs} outputs.", nameof(actual));
        int rows = actual.Length / outputs;
        if (rows == 0)
            return double.NaN;
        double total = 0;
        for (int o = 0; o < outputs; o++)
        {
            // Two passes (mean first) so a large mean does not cancel the total sum of squares away.
            double mean = 0;
            for (int r = 0; r < rows; r++)
                mean += actual[r * outputs + o];
            mean /= rows;
            double sst = 0, sse = 0;
            for (int r = 0; r < rows; r++)
            {
                double y = actual[r * outputs + o];
                double d = predicted[r * outputs + o] - y;
                sst += (y - mean) * (y - mean);
                sse += d * d;
            }
            total += sst <= 0 ? (sse == 0 ? 1 : 0) : 1 - sse / sst;
        }
        return total / outputs;
    }

    /// <summary>R² of one output from its running sums (for streaming accumulation).</summary>
    public static double R2FromSums(double sumSquaredError, double sumActual, double sumActualSquared, long count)
    {
        double sst = sumActualSquared - sumActual * sumActual / count;
        if (sst <= 0)
            return sumSquaredError == 0 ? 1 : 0;
        return 1 - sumSquaredError / sst;
    }

    private static void CheckSameLength(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"{predicted.Length} predictions for {actual.Length} actual values.", nameof(predicted));
    }
}
