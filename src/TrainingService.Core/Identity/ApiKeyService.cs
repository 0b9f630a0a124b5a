using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Identity;

/// <summary>Issues, lists, revokes and checks API keys. Listing and revoking see only the current tenant's keys.</summary>
public sealed class ApiKeyService(TrainingServiceDbContext db, ApiKeyCache cache, TimeProvider clock)
{
    /// <summary>How stale <see cref="ApiKey.LastUsedAt"/> may get: one write a minute per key, not one per request.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The stored key that <paramref name="key"/> is, or null. Read from the database on every request, so a revoked
    /// key stops working at once in every Api process; with <paramref name="mayUseCache"/> (routes whose statements
    /// check the key again, see <see cref="CallerKey"/>) a key read within <see cref="ApiKeyCache.MaxAge"/> is taken
    /// from the cache, and <c>FromCache</c> says so.
    /// </summary>
    public async Task<(ApiKey Key, bool FromCache)?> AuthenticateAsync(string key, bool mayUseCache, CancellationToken ct)
    {
        if (ApiKeySecret.PrefixOf(key) is not { } prefix)
            return null;
        var stored = mayUseCache ? cache.Find(prefix) : null;
        bool fromCache = stored is not null;
        stored ??= await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, ct);
        if (stored is null || !ApiKeySecret.Matches(key, stored.Hash))
            return null;
        if (!fromCache)
            cache.Add(stored);

        var now = clock.GetUtcNow();
        if (stored.LastUsedAt is null || now - stored.LastUsedAt > LastUsedResolution)
        {
            var staleBefore = now - LastUsedResolution;
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == stored.Id && (k.LastUsedAt == null || k.LastUsedAt < staleBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
            // The cached row too, so the requests that take it from the cache do not write again.
            stored.LastUsedAt = now;
        }

        return (stored, fromCache);
    }

    /// <summary>A new key for the current tenant.</summary>
    public Task<CreateKeyOutcome> CreateAsync(NameRequest? request, CancellationToken ct) =>
        CreateForAsync(db.TenantScope.RequiredTenantId, request, ct);

    /// <summary>A new key for <paramref name="tenantId"/>; <see cref="CreateKeyOutcome.NotFound"/> when no such tenant exists.</summary>
    internal async Task<CreateKeyOutcome> CreateForAsync(Guid tenantId, NameRequest? request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request?.Validate(errors) is not { } name)
            return Invalid(request, errors);
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
            return new CreateKeyOutcome.NotFound();
        var issued = Issue(tenant.Id, name);
        await db.SaveChangesAsync(ct);
        return new CreateKeyOutcome.Created(tenant, issued);
    }

    public Task<List<ApiKey>> ListAsync(CancellationToken ct) =>
        db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(ct);

    /// <summary>Revokes (deletes) one of the current tenant's keys; false when it has no such key.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        cache.Remove(id);
        return await db.ApiKeys.Where(k => k.Id == id).ExecuteDeleteAsync(ct) == 1;
    }

    /// <summary>Adds a key for <paramref name="tenantId"/> to the context; the caller saves.</summary>
    internal IssuedKey Issue(Guid tenantId, string name)
    {
        var (key, prefix) = ApiKeySecret.Generate();
        var row = new ApiKey
        {
            Id = Guid.CreateVersion7(), TenantId = tenantId, Name = name, Prefix = prefix,
            Hash = ApiKeySecret.Hash(key), CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(row);
        return new IssuedKey(row, key);
    }

    internal static CreateKeyOutcome Invalid(NameRequest? request, ValidationErrors errors)
    {
        if (request is null)
            errors.Add("$", "A JSON object with a name is required.");
        return new CreateKeyOutcome.Invalid(errors.ToDictionary());
    }
}
