namespace TrainingService.Api.Identity;

/// <summary>The claims and policies of the service's callers: a tenant (owns data) or the administrator (manages tenants).</summary>
public static class IdentityClaims
{
    public const string TenantId = "tenant_id";
    public const string ApiKeyId = "api_key_id";
    public const string AdministratorRole = "administrator";

    public const string TenantPolicy = "Tenant";
    public const string AdministratorPolicy = "Administrator";
}
