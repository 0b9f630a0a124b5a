using TrainingService.Core.Datasets.Import;

namespace TrainingService.Api.Infrastructure;

/// <summary>
/// The request body, counted as it is read: past the limit it throws <see cref="JsonBodyTooLargeException"/>. This
/// is what bounds a chunked body, which has no Content-Length to check up front, whatever the server underneath
/// (Kestrel's own limit, set to the same value, is turned into the same exception).
/// </summary>
internal sealed class JsonBodyLimitStream(Stream inner, long limit) : ReadOnlyForwardStream
{
    private long _read;

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Count(inner.Read(buffer));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new JsonBodyTooLargeException();
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await inner.ReadAsync(buffer, cancellationToken));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new JsonBodyTooLargeException();
        }
    }

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw new JsonBodyTooLargeException() : read;
    }
}
