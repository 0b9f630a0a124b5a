namespace TrainingService.Engine.Tests.TestSupport;

/// <summary>Central finite differences and a norm-wise relative error to compare them with analytic gradients.</summary>
internal static class GradientCheck
{
    public const double Tolerance = 1e-3;

    /// <summary>
    /// ∂f/∂x[i] for every i by central differences; <paramref name="x"/> is restored afterwards.
    /// With <paramref name="richardson"/>, steps h and h/2 are combined to cancel the h² error term,
    /// which allows a step large enough to rise above float32 rounding in a deep float network.
    /// </summary>
    public static double[] Numeric(float[] x, Func<double> f, double h = 1e-2, bool richardson = false)
    {
        var gradient = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double coarse = Central(x, i, f, h);
            gradient[i] = richardson ? (4 * Central(x, i, f, h / 2) - coarse) / 3 : coarse;
        }
        return gradient;
    }

    private static double Central(float[] x, int i, Func<double> f, double h)
    {
        float saved = x[i];
        // Divide by the step actually taken after rounding to float, not the nominal 2h.
        float plus = (float)(saved + h), minus = (float)(saved - h);
        x[i] = plus;
        double fPlus = f();
        x[i] = minus;
        double fMinus = f();
        x[i] = saved;
        return (fPlus - fMinus) / ((double)plus - minus);
    }

    /// <summary><c>‖a − n‖ / max(‖a‖, ‖n‖)</c>, 0 when both are 0.</summary>
    public static double RelativeError(ReadOnlySpan<float> analytic, double[] numeric)
    {
        Assert.Equal(numeric.Length, analytic.Length);
        double diff = 0, a = 0, n = 0;
        for (int i = 0; i < numeric.Length; i++)
        {
            diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
            a += (double)analytic[i] * analytic[i];
            n += numeric[i] * numeric[i];
        }
        double scale = Math.Sqrt(Math.Max(a, n));
        return scale == 0 ? 0 : Math.Sqrt(diff) / scale;
    }

    public static void AssertClose(ReadOnlySpan<float> analytic, double[] numeric, string what)
    {
        double error = RelativeError(analytic, numeric);
        Assert.True(error < Tolerance, $"{what}: relative error {error:E3} ≥ {Tolerance:E0}. a=[{string.Join(", ", analytic.ToArray())}] n=[{string.Join(", ", numeric)}]");
        Assert.Contains(numeric, v => v != 0); // a vanishing gradient would pass vacuously
    }

    /// <summary>Σ c·y in double: a scalar whose gradient w.r.t. y is c, to probe a layer's backward.</summary>
    public static double Dot(ReadOnlySpan<float> y, float[] c)
    {
        double sum = 0;
        for (int i = 0; i < c.Length; i++) sum += (double)c[i] * y[i];
        return sum;
    }
}
