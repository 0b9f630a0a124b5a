namespace TrainingService.Client;

/// <summary><c>/api/keys</c>: your tenant's API keys.</summary>
public sealed class KeysClient
{
    private readonly ApiConnection api;

    internal KeysClient(ApiConnection api) => this.api = api;

    /// <summary>A new key for your tenant; its secret (<see cref="ApiKey.Key"/>) is in this answer only.</summary>
    public Task<ApiKey> CreateAsync(string name, CancellationToken cancellationToken = default) =>
        api.SendJsonAsync<ApiKey>(ApiRoutes.CreateApiKey, [], new NameBody(name), cancellationToken);

    /// <summary>Your tenant's keys, without secrets.</summary>
    public Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<IReadOnlyList<ApiKey>>(ApiRoutes.ListApiKeys, [], null, cancellationToken);

    /// <summary>Revokes a key: it stops working with the next request.</summary>
    public Task RevokeAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.SendNoContentAsync(ApiRoutes.RevokeApiKey, [id], cancellationToken);
}
