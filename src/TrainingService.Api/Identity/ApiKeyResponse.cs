using TrainingService.Core.Identity;

namespace TrainingService.Api.Identity;

/// <param name="Key">The key itself, in the response that creates it only: it is not stored and cannot be shown again.</param>
/// <param name="Prefix">The key's public lookup part (<c>tsk_&lt;prefix&gt;_…</c>), to tell keys apart.</param>
public sealed record ApiKeyResponse(Guid Id, Guid TenantId, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, string? Key = null)
{
    public static ApiKeyResponse From(ApiKey key, string? secret = null) =>
        new(key.Id, key.TenantId, key.Name, key.Prefix, key.CreatedAt, key.LastUsedAt, secret);
}
