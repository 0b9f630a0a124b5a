using System.ComponentModel.DataAnnotations;

namespace TrainingService.Core.Hosting;

/// <summary>Hangfire storage settings ("Hangfire" section).</summary>
public sealed class HangfireStorageOptions
{
    public const string SectionName = "Hangfire";

    public const string Schema = "hangfire";

    /// <summary>
    /// With sliding invisibility a live worker keeps extending its fetch, so this only bounds how long a job
    /// of a crashed worker stays invisible before another worker fetches it again (Hangfire's default is 30 min).
    /// </summary>
    [Range(30, 86_400)]
    public int InvisibilityTimeoutSeconds { get; set; } = 300;

    /// <summary>How often the server polls the queues; lower means jobs start sooner at the cost of more queries.</summary>
    [Range(1, 600)]
    public int QueuePollIntervalSeconds { get; set; } = 2;
}
