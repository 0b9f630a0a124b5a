namespace TrainingService.Engine.Tests.TestSupport;

internal static class TestData
{
    /// <summary>Uniform in [-scale, scale), from a fixed seed.</summary>
    public static float[] Uniform(int count, ulong seed, float scale = 1f)
    {
        var random = new SeededRandom(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (random.NextSingle() * 2f - 1f) * scale;
        return values;
    }

    /// <summary>Like <see cref="Uniform"/> but at least <paramref name="margin"/> away from 0, for functions with a kink there.</summary>
    public static float[] AwayFromZero(int count, ulong seed, float scale = 1f, float margin = 0.05f)
    {
        float[] values = Uniform(count, seed, scale);
        for (int i = 0; i < count; i++)
            if (MathF.Abs(values[i]) < margin) values[i] += values[i] < 0 ? -margin : margin;
        return values;
    }

    /// <summary>One-hot rows <c>[rows, classes]</c>.</summary>
    public static float[] OneHot(int rows, int classes, ulong seed)
    {
        var random = new SeededRandom(seed);
        var values = new float[rows * classes];
        for (int r = 0; r < rows; r++) values[r * classes + random.NextInt(classes)] = 1f;
        return values;
    }

    /// <summary>Shapes that exercise 1-element, sub-vector, odd and multi-vector widths.</summary>
    public static TheoryData<int, int> OddShapes => new() { { 1, 1 }, { 7, 13 }, { 3, 17 }, { 5, 33 }, { 129, 257 } };
}
