using System.ComponentModel.DataAnnotations;

namespace TrainingService.Core.Datasets;

/// <summary>"Datasets" section (<c>Datasets__MaxUploadBytes</c>, ...): limits of a CSV import.</summary>
public sealed class DatasetOptions
{
    public const string SectionName = "Datasets";

    /// <summary>Most bytes of the uploaded file as sent (compressed, for a gzip upload); more is refused with 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Most bytes of CSV text after decompression. A separate limit because a small gzip upload can expand
    /// a thousandfold; 413 beyond it.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxCsvBytes { get; set; } = 8L << 30;

    /// <summary>Where an import spools its CSV text, in case a column turns out categorical late (see DatasetImport).</summary>
    public string? TempDirectory { get; set; }
}
