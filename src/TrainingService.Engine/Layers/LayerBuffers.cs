namespace TrainingService.Engine.Layers;

internal static class LayerBuffers
{
    /// <summary>Returns <paramref name="buffer"/> if it holds <paramref name="length"/> elements, else a new, larger array.</summary>
    public static float[] Ensure(float[] buffer, long length)
    {
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(length), length, "Buffer too large; use a smaller maximum batch size.");
        return buffer.Length >= length ? buffer : new float[length];
    }

    /// <summary>Checks a Forward/Backward input against <c>[batch, width]</c> and the capacity.</summary>
    public static int Check(ReadOnlySpan<float> span, int batch, int width, int capacity, string name)
    {
        if (batch <= 0 || batch > capacity)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Batch must be in [1, {capacity}] (the capacity set by EnsureCapacity).");
        int n = batch * width;
        if (span.Length < n)
            throw new ArgumentException($"{name} has {span.Length} elements; [{batch}, {width}] needs {n}.", name);
        return n;
    }
}
