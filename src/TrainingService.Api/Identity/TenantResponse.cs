using TrainingService.Core.Identity;

namespace TrainingService.Api.Identity;

/// <param name="ApiKey">The tenant's first key, in the response that creates the tenant only: it is not stored and cannot be shown again.</param>
public sealed record TenantResponse(Guid Id, string Name, DateTimeOffset CreatedAt, string? ApiKey = null)
{
    public static TenantResponse From(Tenant tenant, string? apiKey = null) => new(tenant.Id, tenant.Name, tenant.CreatedAt, apiKey);
}
