namespace TrainingService.Core.Datasets.Import;

/// <summary>Copies everything read from <paramref name="inner"/> to <paramref name="copy"/>.</summary>
internal sealed class TeeStream(Stream inner, Stream copy) : ReadOnlyForwardStream
{
    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        copy.Write(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken);
        // Synchronously: a write into the page cache takes microseconds, less than handing it to the thread pool
        // and back (an upload is a few thousand reads).
        copy.Write(buffer.Span[..read]);
        return read;
    }
}
