using TrainingService.Core.Identity;

namespace TrainingService.Core.Training;

/// <summary>One training run of a model on a dataset; the Hangfire job carries only <see cref="Id"/>.</summary>
public sealed class TrainingJob : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ModelId { get; set; }

    public Guid DatasetId { get; set; }

    public Guid? ValidationDatasetId { get; set; }

    public TrainingJobStatus Status { get; set; }

    /// <summary>The job request with defaults filled in, stored as jsonb.</summary>
    public required TrainingJobParameters Parameters { get; set; }

    public int Epochs { get; set; }

    public int EpochsCompleted { get; set; }

    public double? TrainLoss { get; set; }

    public double? ValidationLoss { get; set; }

    public int? BestEpoch { get; set; }

    public double? BestValidationLoss { get; set; }

    /// <summary>Latest validation (else training) metrics by name, stored as a jsonb object.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; set; }

    public string? StopReason { get; set; }

    public string? Error { get; set; }

    public double? SamplesPerSecond { get; set; }

    public bool CancelRequested { get; set; }

    public string? HangfireJobId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
