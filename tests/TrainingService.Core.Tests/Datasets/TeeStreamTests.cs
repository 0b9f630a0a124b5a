using TrainingService.Core.Datasets.Import;

namespace TrainingService.Core.Tests.Datasets;

public sealed class TeeStreamTests
{
    [Fact]
    public async Task ReadAsync_InnerYieldsSmallPieces_FillsTheBufferAndCopiesItInOneWrite()
    {
        byte[] text = [.. Enumerable.Range(0, 250).Select(i => (byte)i)];
        var copy = new CountingStream();
        var tee = new TeeStream(new TrickleStream(text, 10), copy);
        var buffer = new byte[100];

        int first = await tee.ReadAsync(buffer);
        int second = await tee.ReadAsync(buffer);
        int third = await tee.ReadAsync(buffer);
        int end = await tee.ReadAsync(buffer);

        Assert.Equal([100, 100, 50, 0], new[] { first, second, third, end });
        Assert.Equal(3, copy.Writes);
        Assert.Equal(text, copy.ToArray());
    }

    /// <summary>Gives at most <paramref name="piece"/> bytes per read, as a multipart section gives its reader's buffer.</summary>
    private sealed class TrickleStream(byte[] data, int piece) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
