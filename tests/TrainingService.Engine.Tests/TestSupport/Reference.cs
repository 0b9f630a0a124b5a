namespace TrainingService.Engine.Tests.TestSupport;

internal static class Reference
{
    /// <summary>Asserts every element within <c>abs + rel·|expected|</c>.</summary>
    public static void AssertAllClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double rel = 1e-5, double abs = 1e-6)
    {
        Assert.True(actual.Length >= expected.Length, $"Actual has {actual.Length} elements, expected {expected.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = abs + rel * Math.Abs(expected[i]);
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"Element {i}: expected {expected[i]:R}, got {actual[i]:R}.");
        }
    }
}
