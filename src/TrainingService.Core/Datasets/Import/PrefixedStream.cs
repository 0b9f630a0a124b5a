namespace TrainingService.Core.Datasets.Import;

/// <summary>Replays bytes already read from <paramref name="rest"/> (to sniff the format) before the rest of it.</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream rest) : ReadOnlyForwardStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position < prefix.Length)
            return CopyPrefix(buffer);
        return rest.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < prefix.Length)
            return ValueTask.FromResult(CopyPrefix(buffer.Span));
        return rest.ReadAsync(buffer, cancellationToken);
    }

    /// <summary>Reads up to <paramref name="count"/> bytes to look at and returns a stream that still yields them.</summary>
    public static async Task<(byte[] Prefix, Stream Stream)> PeekAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        byte[] prefix = new byte[count];
        int read = await stream.ReadAtLeastAsync(prefix, count, throwOnEndOfStream: false, cancellationToken);
        Array.Resize(ref prefix, read);
        return (prefix, new PrefixedStream(prefix, stream));
    }

    private int CopyPrefix(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, prefix.Length - _position);
        prefix.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
