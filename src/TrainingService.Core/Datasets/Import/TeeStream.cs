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
        if (read > 0)
            await copy.WriteAsync(buffer[..read], cancellationToken);
        return read;
    }
}
