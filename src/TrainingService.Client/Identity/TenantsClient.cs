namespace TrainingService.Client;

/// <summary><c>/api/tenants</c>: the administrator's routes (a tenant's key gets 403).</summary>
public sealed class TenantsClient
{
    private readonly ApiConnection api;

    internal TenantsClient(ApiConnection api) => this.api = api;

    /// <summary>A tenant with its first key (<see cref="Tenant.ApiKey"/>, in this answer only).</summary>
    public Task<Tenant> CreateAsync(string name, CancellationToken cancellationToken = default) =>
        api.SendJsonAsync<Tenant>(ApiRoutes.CreateTenant, [], new NameBody(name), cancellationToken);

    public Task<IReadOnlyList<Tenant>> ListAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<IReadOnlyList<Tenant>>(ApiRoutes.ListTenants, [], null, cancellationToken);

    /// <summary>Deletes a tenant and all its data; 409 while its jobs are queued or running.</summary>
    public Task DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.SendNoContentAsync(ApiRoutes.DeleteTenant, [id], cancellationToken);

    /// <summary>A further key for a tenant, e.g. when its keys were lost; the secret is in this answer only.</summary>
    public Task<ApiKey> CreateKeyAsync(Guid tenantId, string name, CancellationToken cancellationToken = default) =>
        api.SendJsonAsync<ApiKey>(ApiRoutes.CreateTenantKey, [tenantId], new NameBody(name), cancellationToken);
}
