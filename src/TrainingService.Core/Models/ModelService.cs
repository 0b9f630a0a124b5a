using Microsoft.EntityFrameworkCore;
using TrainingService.Core.Data;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Models;

/// <summary>Stores validated model definitions and deletes models no training job is using.</summary>
public sealed class ModelService(TrainingServiceDbContext db, TimeProvider clock)
{
    /// <param name="request">Null when the body was empty or a JSON null: refused like any other invalid field.</param>
    public async Task<CreateModelOutcome> CreateAsync(CreateModelRequest? request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request is null)
            errors.Add("$", "A JSON object with the model definition is required.");
        else if (CreateModelRequestValidator.Validate(request, errors) is { } validated)
            return await SaveAsync(validated, ct);
        return new CreateModelOutcome.Invalid(errors.ToDictionary());
    }

    public Task<DeleteOutcome> DeleteAsync(Guid id, CancellationToken ct) =>
        GuardedDelete.RunAsync(db, $"SELECT 1 FROM models WHERE id = {id} AND tenant_id = {db.TenantScope.RequiredTenantId} FOR UPDATE",
            db.Models.Where(m => m.Id == id), db.TrainingJobs.Where(j => j.ModelId == id), ct);

    private async Task<CreateModelOutcome> SaveAsync(ValidatedModel validated, CancellationToken ct)
    {
        var model = new Model
        {
            Id = Guid.CreateVersion7(),
            Name = validated.Name,
            Definition = validated.Definition,
            // PostgreSQL keeps microseconds: truncate so the echo equals what a later GET returns.
            CreatedAt = TruncateToMicroseconds(clock.GetUtcNow()),
        };
        db.Models.Add(model);
        await db.SaveChangesAsync(ct);
        return new CreateModelOutcome.Created(model, validated.Definition);
    }

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
}
