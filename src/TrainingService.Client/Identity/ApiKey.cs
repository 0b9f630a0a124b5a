namespace TrainingService.Client;

/// <summary>An API key; <see cref="Key"/> (the secret) is set only in the response that creates it.</summary>
public sealed record ApiKey(Guid Id, Guid TenantId, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, string? Key = null);
