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

    /// <summary>The predicted rows, stored as a jsonb array; the Api pages it in SQL rather than loading it whole.</summary>
    public required IReadOnlyList<PredictedRow> Results { get; set; }

    /// <summary>Metric values by name (jsonb), present when the rows carried the target.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; set; }

    /// <summary>The full evaluation of the rows that carried the target (jsonb); null when none did.</summary>
    public ModelEvaluation? Evaluation { get; set; }

    public string[] Warnings { get; set; } = [];
}
