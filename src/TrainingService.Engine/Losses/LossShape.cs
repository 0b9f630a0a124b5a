namespace TrainingService.Engine.Losses;

internal static class LossShape
{
    /// <summary>Checks the three spans against <c>[batch, width]</c> and returns the element count.</summary>
    public static int Check(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        long n = (long)batch * width;
        if (output.Length < n || target.Length < n || gradient.Length < n)
            throw new ArgumentException(
                $"A [{batch}, {width}] loss needs {n} elements per span; got output {output.Length}, target {target.Length}, gradient {gradient.Length}.");
        return (int)n;
    }
}
