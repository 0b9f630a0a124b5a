using System.ComponentModel.DataAnnotations;

namespace TrainingService.Core.Identity;

/// <summary>"Quotas" section: what one tenant (or one key) may hold or do at once, so no one takes the service down.</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quotas";

    /// <summary>Training jobs a tenant may have queued or running at once.</summary>
    [Range(1, int.MaxValue)]
    public int MaxActiveJobs { get; set; } = 20;

    /// <summary>Asynchronous predictions a tenant may have queued or running at once.</summary>
    [Range(1, int.MaxValue)]
    public int MaxActivePredictions { get; set; } = 4;

    [Range(1, int.MaxValue)]
    public int MaxDatasets { get; set; } = 1_000;

    /// <summary>Stored dataset bytes (as <c>sizeBytes</c> counts them) at which a tenant's uploads are refused.</summary>
    [Range(1, long.MaxValue)]
    public long MaxDatasetBytes { get; set; } = 50L << 30;

    /// <summary>Requests per minute per API key (or per token's tenant).</summary>
    [Range(1, int.MaxValue)]
    public int RequestsPerMinute { get; set; } = 1_200;
}
