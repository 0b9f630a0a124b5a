namespace TrainingService.Client;

/// <summary><c>/api/models/{modelId}/predictions</c>: predict with a trained model and read stored predictions.</summary>
public sealed class PredictionsClient
{
    private readonly ApiConnection api;

    internal PredictionsClient(ApiConnection api) => this.api = api;

    /// <summary>
    /// Predicts rows or a stored dataset and stores the result; 409 while the model has no trained job. An asynchronous
    /// request (<see cref="PredictionRequest.ForDatasetAsync"/>) comes back queued, with no rows yet.
    /// </summary>
    public Task<Prediction> CreateAsync(Guid modelId, PredictionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return api.SendJsonAsync<Prediction>(ApiRoutes.CreatePrediction, [modelId], request, cancellationToken);
    }

    /// <summary>The model's stored predictions without their rows, newest first.</summary>
    public Task<Page<PredictionSummary>> ListAsync(Guid modelId, int offset = 0, int limit = 50, CancellationToken cancellationToken = default) =>
        api.GetAsync<Page<PredictionSummary>>(ApiRoutes.ListPredictions, [modelId], ApiConnection.Query(("offset", offset), ("limit", limit)), cancellationToken);

    /// <summary>A stored prediction with rows <paramref name="offset"/> onwards, at most <paramref name="limit"/> (1 to 1000).</summary>
    public Task<Prediction> GetAsync(Guid modelId, Guid predictionId, int offset = 0, int limit = 1000, CancellationToken cancellationToken = default) =>
        api.GetAsync<Prediction>(ApiRoutes.GetPrediction, [modelId, predictionId], ApiConnection.Query(("offset", offset), ("limit", limit)), cancellationToken);

    /// <summary>Cancels an asynchronous prediction: a queued one at once, a running one after its current chunk; 409 once it has ended.</summary>
    public Task<Prediction> CancelAsync(Guid modelId, Guid predictionId, CancellationToken cancellationToken = default) =>
        api.SendJsonAsync<Prediction>(ApiRoutes.CancelPrediction, [modelId, predictionId], null, cancellationToken);

    /// <summary>
    /// Writes the prediction's rows to <paramref name="destination"/> as CSV as they arrive: <c>row</c> (the row's index in
    /// the dataset), then <c>label</c> and a <c>p_&lt;label&gt;</c> column per class, or <c>value</c>.
    /// </summary>
    public async Task DownloadCsvAsync(Guid modelId, Guid predictionId, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var request = api.Request(ApiRoutes.DownloadPredictionCsv, [modelId, predictionId]);
        ApiConnection.MarkLongRunning(request);
        using var response = await api.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteAsync(Guid modelId, Guid predictionId, CancellationToken cancellationToken = default) =>
        api.SendNoContentAsync(ApiRoutes.DeletePrediction, [modelId, predictionId], cancellationToken);
}
