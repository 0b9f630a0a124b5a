using TrainingService.Core.Evaluation;
using TrainingService.Core.Identity;

namespace TrainingService.Core.Predictions;

/// <summary>A stored batch of predictions of one trained model.</summary>
public sealed class Prediction : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ModelId { get; set; }

    public Guid TrainingJobId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int RowCount { get; set; }

    /// <summary>Synchronous predictions are stored succeeded; asynchronous ones start queued.</summary>
    public PredictionStatus Status { get; set; } = PredictionStatus.Succeeded;

    /// <summary>
    /// Scored in a worker with its rows in <see cref="PredictionResultChunk"/>s (and <see cref="Results"/> empty),
    /// rather than all in <see cref="Results"/>.
    /// </summary>
    public bool Chunked { get; set; }

    /// <summary>The dataset an asynchronous prediction scores; recorded, not a foreign key, so its results outlive it.</summary>
    public Guid? DatasetId { get; set; }

    /// <summary>Rows stored so far: <see cref="RowCount"/> once succeeded.</summary>
    public int RowsScored { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>Why an asynchronous prediction failed.</summary>
    public string? Error { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? HangfireJobId { get; set; }

    /// <summary>The predicted rows, stored as a jsonb array; the Api pages it in SQL rather than loading it whole.</summary>
    public required IReadOnlyList<PredictedRow> Results { get; set; }

    /// <summary>Metric values by name (jsonb), present when the rows carried the target.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; set; }

    /// <summary>The full evaluation of the rows that carried the target (jsonb); null when none did.</summary>
    public ModelEvaluation? Evaluation { get; set; }

    public string[] Warnings { get; set; } = [];
}
