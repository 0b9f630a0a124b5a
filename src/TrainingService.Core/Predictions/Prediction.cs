namespace TrainingService.Core.Predictions;

/// <summary>A stored batch of predictions of one trained model.</summary>
public sealed class Prediction
{
    public Guid Id { get; set; }

    public Guid ModelId { get; set; }

    public Guid TrainingJobId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int RowCount { get; set; }

    /// <summary>The predictions array as JSON (jsonb), paged on read.</summary>
    public required string Results { get; set; }

    public string? Metrics { get; set; }

    public string[] Warnings { get; set; } = [];
}
