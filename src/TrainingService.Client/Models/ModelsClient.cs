namespace TrainingService.Client;

/// <summary><c>/api/models</c>: model definitions.</summary>
public sealed class ModelsClient
{
    private readonly ApiConnection api;

    internal ModelsClient(ApiConnection api) => this.api = api;

    /// <summary>Validates and stores a definition; a 400 names every invalid field at once (<see cref="TrainingServiceException.Errors"/>).</summary>
    public Task<Model> CreateAsync(CreateModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return api.SendJsonAsync<Model>(ApiRoutes.CreateModel, [], request, cancellationToken);
    }

    /// <summary>Models, newest first, a page at a time (limit 1 to 1000).</summary>
    public Task<Page<Model>> ListAsync(int offset = 0, int limit = 50, CancellationToken cancellationToken = default) =>
        api.GetAsync<Page<Model>>(ApiRoutes.ListModels, [], ApiConnection.Query(("offset", offset), ("limit", limit)), cancellationToken);

    public Task<Model> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.GetAsync<Model>(ApiRoutes.GetModel, [id], null, cancellationToken);

    /// <summary>
    /// Pins a training job of the model (succeeded, or one that kept its best epoch) for production: predictions that
    /// name no job use it. 400 when it is not the model's job, 409 when it has no trained model.
    /// </summary>
    public Task<ProductionPin> PinProductionAsync(Guid id, Guid trainingJobId, CancellationToken cancellationToken = default) =>
        api.SendJsonAsync<ProductionPin>(ApiRoutes.PinProductionJob, [id], new PinProductionBody(trainingJobId), cancellationToken);

    /// <summary>Unpins: predictions that name no job go back to the model's latest succeeded one.</summary>
    public Task UnpinProductionAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.SendNoContentAsync(ApiRoutes.UnpinProductionJob, [id], cancellationToken);

    /// <summary>The model's pin changes, newest first.</summary>
    public Task<IReadOnlyList<ProductionPinChange>> GetProductionHistoryAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.GetAsync<IReadOnlyList<ProductionPinChange>>(ApiRoutes.GetProductionPinHistory, [id], null, cancellationToken);

    /// <summary>Deletes the model with its jobs, their history and weights, and its predictions; 409 while a job of it is queued or running.</summary>
    public Task DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.SendNoContentAsync(ApiRoutes.DeleteModel, [id], cancellationToken);
}
