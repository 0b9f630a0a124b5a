using System.ComponentModel;

namespace TrainingService.Api.Datasets;

/// <summary>
/// The multipart form of <c>POST /api/datasets</c>, for the OpenAPI document only: the endpoint reads the body
/// itself with a MultipartReader so the file is parsed as it arrives rather than buffered first.
/// </summary>
public sealed record DatasetUploadForm(
    [property: Description("CSV with a header row, UTF-8, comma separated; or the same compressed with gzip.")]
    IFormFile File,
    [property: Description("Name of the dataset; the file name when absent.")]
    string? Name = null);
