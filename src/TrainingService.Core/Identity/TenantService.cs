using Microsoft.EntityFrameworkCore;
using Npgsql;
using TrainingService.Core.Data;
using TrainingService.Core.Training;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Identity;

/// <summary>The administrator's side: tenants, each created with a first key. The administrator owns no data.</summary>
public sealed class TenantService(TrainingServiceDbContext db, ApiKeyService keys, TimeProvider clock)
{
    public async Task<CreateKeyOutcome> CreateAsync(NameRequest? request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request?.Validate(errors) is not { } name)
            return ApiKeyService.Invalid(request, errors);
        var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = name, CreatedAt = clock.GetUtcNow() };
        db.Tenants.Add(tenant);
        var issued = keys.Issue(tenant.Id, "first key");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return new CreateKeyOutcome.NameTaken(name);
        }

        return new CreateKeyOutcome.Created(tenant, issued);
    }

    /// <summary>A further key for a tenant, e.g. one whose keys were lost, or the "legacy" tenant of older data.</summary>
    public Task<CreateKeyOutcome> CreateKeyAsync(Guid tenantId, NameRequest? request, CancellationToken ct) =>
        keys.CreateForAsync(tenantId, request, ct);

    public Task<List<Tenant>> ListAsync(CancellationToken ct) =>
        db.Tenants.AsNoTracking().OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync(ct);

    /// <summary>
    /// Deletes a tenant with its keys and all its data (datasets, models, jobs with their results, predictions);
    /// refused while any of its jobs is queued or running, which would otherwise lose their rows under a worker.
    /// </summary>
    public Task<DeleteOutcome> DeleteAsync(Guid id, CancellationToken ct) =>
        GuardedDelete.RunAsync(db, $"SELECT 1 FROM tenants WHERE id = {id} FOR UPDATE",
            db.Tenants.Where(t => t.Id == id), db.TrainingJobs.IgnoreQueryFilters().Where(j => j.TenantId == id), ct);
}
