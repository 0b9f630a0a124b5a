namespace TrainingService.Core.Datasets.Import;

/// <summary>Passes reads through and throws <see cref="UploadTooLargeException"/> once more than the limit was read.</summary>
internal sealed class LimitedStream(Stream inner, long limit, string what) : ReadOnlyForwardStream
{
    private long _read;

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    private int Count(int read)
    {
        _read += read;
        if (_read > limit)
            throw new UploadTooLargeException(what, limit);
        return read;
    }
}
