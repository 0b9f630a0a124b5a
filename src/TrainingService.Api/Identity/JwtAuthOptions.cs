namespace TrainingService.Api.Identity;

/// <summary>"Auth:Jwt": bearer tokens from the team's identity provider, off while <see cref="Authority"/> is unset.</summary>
public sealed class JwtAuthOptions
{
    /// <summary>The issuer's base address; its OpenID Connect metadata gives the signing keys.</summary>
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    /// <summary>The claim that names the caller's tenant, by id or by name.</summary>
    public string TenantClaim { get; set; } = "tenant_id";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
