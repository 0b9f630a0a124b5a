namespace TrainingService.Engine.Initializers;

/// <summary>Fills weight matrices with seeded random draws. Biases are left at zero by the layers.</summary>
public static class InitialWeights
{
    /// <summary>
    /// Fills <paramref name="weights"/> (a <c>[fanIn, fanOut]</c> matrix, any layout: draws are
    /// i.i.d.) from <paramref name="random"/>, in element order, so the same generator state gives the
    /// same weights. Normal variants draw from an untruncated normal.
    /// </summary>
    public static void Fill(InitializerKind kind, Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanOut);
        ArgumentNullException.ThrowIfNull(random);
        switch (kind)
        {
            case InitializerKind.HeNormal: FillNormal(weights, Math.Sqrt(2.0 / fanIn), random); break;
            case InitializerKind.HeUniform: FillUniform(weights, Math.Sqrt(6.0 / fanIn), random); break;
            case InitializerKind.GlorotNormal: FillNormal(weights, Math.Sqrt(2.0 / (fanIn + fanOut)), random); break;
            case InitializerKind.GlorotUniform: FillUniform(weights, Math.Sqrt(6.0 / (fanIn + fanOut)), random); break;
            case InitializerKind.LecunNormal: FillNormal(weights, Math.Sqrt(1.0 / fanIn), random); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown initializer.");
        }
    }

    private static void FillNormal(Span<float> weights, double stdDev, SeededRandom random)
    {
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (float)(random.NextGaussian() * stdDev);
    }

    private static void FillUniform(Span<float> weights, double limit, SeededRandom random)
    {
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (float)((random.NextDouble() * 2.0 - 1.0) * limit);
    }
}
