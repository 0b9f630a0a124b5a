namespace TrainingService.Core.Datasets.Import;

/// <summary>A stream passed its byte limit; caught by <see cref="DatasetImport"/> and returned as a 413 error.</summary>
internal sealed class UploadTooLargeException(string what, long limit)
    : Exception($"The {what} is larger than the limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}
