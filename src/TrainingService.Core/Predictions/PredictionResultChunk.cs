namespace TrainingService.Core.Predictions;

/// <summary>
/// One chunk of an asynchronous prediction's rows: dataset rows <see cref="FirstRow"/> to <see cref="FirstRow"/> +
/// <see cref="RowCount"/>. Keyed by (prediction, chunk index), so a resumed run never stores a chunk twice. Owned by
/// its tenant through the prediction: it has no tenant column, and every read joins the prediction.
/// </summary>
public sealed class PredictionResultChunk
{
    public Guid PredictionId { get; set; }

    public int ChunkIndex { get; set; }

    public int FirstRow { get; set; }

    public int RowCount { get; set; }

    /// <summary>The chunk's predicted rows, in dataset order (jsonb, as the synchronous prediction's results).</summary>
    public required IReadOnlyList<PredictedRow> Rows { get; set; }
}
