namespace TrainingService.Core.Identity;

/// <summary>What creating an API key (or a tenant with its first key) came to.</summary>
public abstract record CreateKeyOutcome
{
    /// <param name="Tenant">The tenant the key belongs to (new when a tenant was created).</param>
    public sealed record Created(Tenant Tenant, IssuedKey Key) : CreateKeyOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : CreateKeyOutcome;

    public sealed record NotFound : CreateKeyOutcome;

    /// <summary>Another tenant has that name.</summary>
    public sealed record NameTaken(string Name) : CreateKeyOutcome;
}
