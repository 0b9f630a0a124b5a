namespace TrainingService.Client;

/// <summary>A tenant; <see cref="ApiKey"/> (its first key) is set only in the response that creates it.</summary>
public sealed record Tenant(Guid Id, string Name, DateTimeOffset CreatedAt, string? ApiKey = null);
