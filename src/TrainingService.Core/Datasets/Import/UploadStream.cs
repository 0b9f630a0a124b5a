using Microsoft.AspNetCore.Http;

namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// The uploaded file as it arrives: a multipart section that ends early (a truncated or malformed body) throws a
/// plain <see cref="IOException"/>, which is the client's fault, so it becomes a <see cref="CsvFormatException"/>
/// (400) instead of a 500. Kestrel's own <see cref="BadHttpRequestException"/> (body too large, client gone) passes
/// through to the exception handler, which maps it to its own status.
/// </summary>
internal sealed class UploadStream(Stream inner) : ReadOnlyForwardStream
{
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            throw Truncated(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            throw Truncated(e);
        }
    }

    private static CsvFormatException Truncated(IOException e) =>
        new($"The upload could not be read to its end: {e.Message}", null);
}
