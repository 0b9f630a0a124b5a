namespace TrainingService.Core.Identity;

/// <summary>
/// The tenant whose objects this unit of work (a request, a job run) may see and create. Scoped: the Api sets it from
/// the authenticated caller, a job runner from the job it runs. Unset, every tenant-owned query returns nothing.
/// </summary>
public sealed class TenantScope
{
    public Guid? TenantId { get; private set; }

    /// <summary>Works under <paramref name="tenantId"/> from now on; a scope serves one tenant only.</summary>
    public void Enter(Guid tenantId)
    {
        if (TenantId is { } current && current != tenantId)
            throw new InvalidOperationException($"This scope already serves tenant {current}.");
        TenantId = tenantId;
    }

    /// <summary>The tenant, for code that must not run without one (inserts, raw SQL).</summary>
    public Guid RequiredTenantId => TenantId ?? throw new InvalidOperationException("No tenant is set for this scope.");
}
