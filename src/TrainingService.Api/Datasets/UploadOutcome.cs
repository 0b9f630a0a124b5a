using TrainingService.Core.Datasets.Import;

namespace TrainingService.Api.Datasets;

/// <summary>What an upload came to: the stored dataset's id, or why the request or its file was refused.</summary>
internal abstract record UploadOutcome
{
    public sealed record Stored(Guid DatasetId) : UploadOutcome;

    /// <summary>A form field is missing or wrong; <see cref="Field"/> is its name.</summary>
    public sealed record Invalid(string Field, string Message) : UploadOutcome;

    /// <summary>The request or its file part is not of a type we read.</summary>
    public sealed record UnsupportedMediaType(string Detail) : UploadOutcome;

    /// <summary>The multipart framing itself is broken (bad boundary, oversized headers).</summary>
    public sealed record MalformedBody(string Detail) : UploadOutcome;

    /// <summary>The file was read and refused by the import.</summary>
    public sealed record FileRefused(CsvReadOutcome Refusal) : UploadOutcome;
}
