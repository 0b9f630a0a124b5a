namespace TrainingService.Core.Identity;

/// <summary>
/// A tenant's API key. Only its lookup <see cref="Prefix"/> and the SHA-256 <see cref="Hash"/> of the whole key are
/// stored: the key itself is shown once, when it is created.
/// </summary>
public sealed class ApiKey : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public required string Prefix { get; set; }

    public required byte[] Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the key last authenticated a request, to the minute (see <see cref="ApiKeyService"/>).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}
