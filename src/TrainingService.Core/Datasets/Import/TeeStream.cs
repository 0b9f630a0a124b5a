namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// Copies everything read from <paramref name="inner"/> to <paramref name="copy"/>. An asynchronous read fills the
/// caller's buffer (or reaches the end) before it returns, so the copy is written in a few large writes.
/// </summary>
/// <remarks>
/// A multipart section yields at most its reader's 64 KiB buffer per read, almost always already received: one copy
/// write per such read was ~2,000 asynchronous file writes per Fashion-MNIST upload, each a hand-off to the thread
/// pool; filling the CSV reader's 1 MiB buffer first makes it ~130.
/// </remarks>
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
        int read = await inner.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (read > 0)
            await copy.WriteAsync(buffer[..read], cancellationToken);
        return read;
    }
}
