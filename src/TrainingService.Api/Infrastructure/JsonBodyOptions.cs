using System.ComponentModel.DataAnnotations;

namespace TrainingService.Api.Infrastructure;

/// <summary>
/// "Api" section (<c>Api__MaxJsonBodyBytes</c>, <c>Api__MaxPredictionBodyBytes</c>): how large a JSON request body may
/// be, so no request makes the Api hold an unbounded body in memory. Dataset uploads have their own limit
/// (<c>Datasets__MaxUploadBytes</c>) because they are streamed, not bound.
/// </summary>
public sealed class JsonBodyOptions
{
    public const string SectionName = "Api";

    /// <summary>Every JSON body without a limit of its own (model definitions, training jobs): a few KiB in practice.</summary>
    [Range(1, long.MaxValue)]
    public long MaxJsonBodyBytes { get; set; } = 256 << 10;

    /// <summary>
    /// A prediction request, whose inline rows are the data itself: 10 MiB is some 50,000 rows of ten columns.
    /// Larger inputs belong in a dataset upload (sent as <c>datasetId</c>).
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxPredictionBodyBytes { get; set; } = 10 << 20;
}
