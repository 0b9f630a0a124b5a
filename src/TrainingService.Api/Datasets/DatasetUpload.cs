using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TrainingService.Core.Datasets;
using TrainingService.Core.Datasets.Import;

namespace TrainingService.Api.Datasets;

/// <summary>
/// Reads the multipart upload of <c>POST /api/datasets</c> section by section with a <see cref="MultipartReader"/>
/// and hands the file section's stream to the import as it arrives. Chosen over <see cref="IFormFile"/>, which
/// would first copy the whole upload to a temporary file (and stop at the form's 128 MB default limit).
/// </summary>
internal static class DatasetUpload
{
    public const string FileField = "file";
    public const string NameField = "name";

    private const int MaxNameLength = 256;

    // Room for the multipart framing and the name field on top of the file itself.
    private const long FormOverheadBytes = 1 << 20;

    private static readonly string[] CsvMediaTypes =
        ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel", "application/gzip", "application/x-gzip"];

    private static readonly string[] CsvFileExtensions = [".csv", ".csv.gz", ".gz"];

    public static async Task<UploadOutcome> ImportAsync(HttpContext context, DatasetImporter importer, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return new UploadOutcome.UnsupportedMediaType($"The request has content type '{request.ContentType}'; send multipart/form-data with a '{FileField}' part.");
        }

        RaiseRequestBodyLimit(context);
        var reader = new MultipartReader(boundary, request.Body, 1 << 16);
        DatasetImport? import = null;
        try
        {
            string? name = null;
            string? fileName = null;
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    continue;
                string field = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                if (field.Equals(NameField, StringComparison.OrdinalIgnoreCase))
                {
                    name = await ReadNameAsync(section.Body, cancellationToken);
                    if (name is null)
                        return new UploadOutcome.Invalid(NameField, $"The name must be at most {MaxNameLength} characters.");
                    continue;
                }

                if (!field.Equals(FileField, StringComparison.OrdinalIgnoreCase))
                    continue;
                if (import is not null)
                    return new UploadOutcome.Invalid(FileField, "Send one file per upload.");
                fileName = FileNameOf(disposition);
                if (!IsCsvType(section.ContentType, fileName))
                {
                    return new UploadOutcome.UnsupportedMediaType(
                        $"The '{FileField}' part has content type '{section.ContentType}'; send CSV (text/csv) or gzip-compressed CSV (application/gzip).");
                }

                import = await importer.BeginAsync(cancellationToken);
                if (await import.ReadCsvAsync(section.Body, cancellationToken) is not CsvReadOutcome.Read and var refusal)
                    return new UploadOutcome.FileRefused(refusal);
            }

            if (import is null)
                return new UploadOutcome.Invalid(FileField, $"The form has no '{FileField}' part: send the CSV as a file field named '{FileField}'.");
            name = string.IsNullOrWhiteSpace(name) ? fileName : name.Trim();
            return new UploadOutcome.Stored(await import.CommitAsync(name![..Math.Min(name!.Length, MaxNameLength)], cancellationToken));
        }
        catch (InvalidDataException e)
        {
            // MultipartReader's verdict on a malformed body (bad boundary, oversized headers).
            return new UploadOutcome.MalformedBody(e.Message);
        }
        finally
        {
            if (import is not null)
                await import.DisposeAsync();
        }
    }

    /// <summary>Lifts Kestrel's 30 MB default for this request only; the import enforces the configured limit itself.</summary>
    private static void RaiseRequestBodyLimit(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            long max = context.RequestServices.GetRequiredService<IOptions<DatasetOptions>>().Value.MaxUploadBytes;
            feature.MaxRequestBodySize = max > long.MaxValue - FormOverheadBytes ? null : max + FormOverheadBytes;
        }
    }

    private static bool IsCsvType(string? contentType, string fileName)
    {
        string? media = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.Value : null;
        if (media is not null && CsvMediaTypes.Contains(media, StringComparer.OrdinalIgnoreCase))
            return true;
        bool generic = media is null || media.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);
        return generic && CsvFileExtensions.Any(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    private static string FileNameOf(ContentDispositionHeaderValue disposition)
    {
        string? name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        // Browsers on Windows may send a full path.
        return Path.GetFileName(name?.Replace('\\', '/')) is { Length: > 0 } file ? file : "dataset.csv";
    }

    /// <summary>The name field's text, or null when it is too long.</summary>
    private static async Task<string?> ReadNameAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        var buffer = new char[MaxNameLength + 1];
        int read = await reader.ReadBlockAsync(buffer, cancellationToken);
        return read > MaxNameLength ? null : new string(buffer, 0, read);
    }
}
