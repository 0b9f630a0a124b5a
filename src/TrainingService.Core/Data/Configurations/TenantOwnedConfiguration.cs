using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrainingService.Core.Identity;

namespace TrainingService.Core.Data.Configurations;

internal static class TenantOwnedConfiguration
{
    /// <summary>
    /// The owner column: a tenant's objects go with it, and lists (newest first) read one tenant's rows by index.
    /// </summary>
    public static void OwnedByTenant<T>(this EntityTypeBuilder<T> builder, System.Linq.Expressions.Expression<Func<T, object?>> listOrder)
        where T : class, ITenantOwned
    {
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(listOrder);
    }
}
