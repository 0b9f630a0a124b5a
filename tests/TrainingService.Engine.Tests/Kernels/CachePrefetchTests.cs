using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Tests.Kernels;

public sealed class CachePrefetchTests
{
    // A prefetch is a hint: the test is that no length or alignment reads past the span or changes a value.
    [Fact]
    public void Lines_EveryLengthAndOffset_LeavesValuesUnchanged()
    {
        float[] values = Enumerable.Range(0, 80).Select(i => i * 0.5f).ToArray();
        float[] before = (float[])values.Clone();
        for (int offset = 0; offset < 17; offset++)
            for (int length = 0; offset + length <= values.Length; length++)
                CachePrefetch.Lines(values.AsSpan(offset, length));

        Assert.Equal(before, values);
    }
}
