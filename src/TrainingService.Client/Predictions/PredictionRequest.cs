namespace TrainingService.Client;

/// <summary>What to predict: inline rows or a stored dataset (one of the two, by the factory methods), with the model's latest trained job unless <see cref="TrainingJobId"/> names another.</summary>
public sealed record PredictionRequest
{
    private PredictionRequest()
    {
    }

    /// <summary>Rows to predict, each keyed by column name; rows that carry the target column are also scored.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>>? Rows { get; private init; }

    /// <summary>A stored dataset to predict instead of <see cref="Rows"/>.</summary>
    public Guid? DatasetId { get; private init; }

    /// <summary>A succeeded training job of the model; null: the model's latest.</summary>
    public Guid? TrainingJobId { get; init; }

    /// <summary>Predict these rows (objects keyed by column name; numbers, strings or null).</summary>
    public static PredictionRequest ForRows(IEnumerable<IReadOnlyDictionary<string, object?>> rows) =>
        new() { Rows = [.. rows ?? throw new ArgumentNullException(nameof(rows))] };

    /// <summary>Score the dataset in a worker, in chunks: the service answers at once with the queued prediction (see <see cref="ForDatasetAsync"/>).</summary>
    public bool Async { get; private init; }

    /// <summary>Predict every row of a stored dataset.</summary>
    public static PredictionRequest ForDataset(Guid datasetId) => new() { DatasetId = datasetId };

    /// <summary>
    /// Score every row of a stored dataset as a background job, for datasets too large for one request: poll
    /// <see cref="PredictionsClient.GetAsync"/> until <see cref="Prediction.IsFinished"/>, then page the rows or download them as CSV.
    /// </summary>
    public static PredictionRequest ForDatasetAsync(Guid datasetId) => new() { DatasetId = datasetId, Async = true };
}
