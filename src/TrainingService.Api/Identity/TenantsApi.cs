using Microsoft.AspNetCore.Http.HttpResults;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Identity;

namespace TrainingService.Api.Identity;

/// <summary>The administrator's routes: tenants and their keys.</summary>
public static class TenantsApi
{
    public static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tenants").WithTags("Tenants (administrator)").RequireAuthorization(IdentityClaims.AdministratorPolicy);
        group.MapPost("/", CreateAsync).WithName("CreateTenant")
            .WithSummary("Create a tenant with its first API key (shown once)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync).WithName("ListTenants").WithSummary("List tenants");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteTenant")
            .WithSummary("Delete a tenant: its keys stop working and all its data is deleted; refused while its jobs are queued or running")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/keys", CreateKeyAsync).WithName("CreateTenantKey")
            .WithSummary("Create a further API key for a tenant (shown once), e.g. when its keys were lost")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<TenantResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NameRequest? request, TenantService tenants, CancellationToken ct) =>
        KeyResults.From(await tenants.CreateAsync(request, ct), c => ($"/api/tenants/{c.Tenant.Id}", TenantResponse.From(c.Tenant, c.Key.Key)));

    private static async Task<Ok<List<TenantResponse>>> ListAsync(TenantService tenants, CancellationToken ct) =>
        TypedResults.Ok((await tenants.ListAsync(ct)).ConvertAll(t => TenantResponse.From(t)));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, TenantService tenants, CancellationToken ct) =>
        DeleteResults.From(await tenants.DeleteAsync(id, ct), "tenant", id);

    private static async Task<Results<Created<ApiKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateKeyAsync(
        Guid id, NameRequest? request, TenantService tenants, CancellationToken ct) =>
        KeyResults.From(await tenants.CreateKeyAsync(id, request, ct), c => ($"/api/keys/{c.Key.Row.Id}", ApiKeyResponse.From(c.Key.Row, c.Key.Key)), id);
}
