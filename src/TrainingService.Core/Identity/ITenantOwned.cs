namespace TrainingService.Core.Identity;

/// <summary>
/// A stored object that belongs to a tenant: queries see only the current tenant's rows (the DbContext's query
/// filter) and new rows take the current tenant as owner (<see cref="TenantOwnerInterceptor"/>).
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
