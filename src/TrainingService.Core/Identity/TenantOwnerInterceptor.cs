using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TrainingService.Core.Data;

namespace TrainingService.Core.Identity;

/// <summary>
/// Stamps new tenant-owned rows with the scope's tenant, so no handler sets (or forgets) an owner id, and refuses to
/// move a row to another tenant.
/// </summary>
internal sealed class TenantOwnerInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Stamp(DbContext? context)
    {
        if (context is not TrainingServiceDbContext db)
            return;
        foreach (var entry in db.ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
                entry.Entity.TenantId = db.TenantScope.RequiredTenantId;
            else if (entry.State == EntityState.Modified && entry.Property(e => e.TenantId).IsModified)
                throw new InvalidOperationException("A stored object cannot change its tenant.");
        }
    }
}
