using Microsoft.AspNetCore.Http.HttpResults;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Identity;

namespace TrainingService.Api.Identity;

/// <summary>A tenant's own API keys.</summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/keys").WithTags("API keys");
        group.MapPost("/", CreateAsync).WithName("CreateApiKey")
            .WithSummary("Create an API key for your tenant (the key is in this response only)")
            .ProducesValidationProblem();
        group.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("List your tenant's API keys (without secrets)");
        group.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeApiKey")
            .WithSummary("Revoke an API key: it stops working with the next request, in every Api process")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<ApiKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NameRequest? request, ApiKeyService keys, CancellationToken ct) =>
        KeyResults.From(await keys.CreateAsync(request, ct), c => ($"/api/keys/{c.Key.Row.Id}", ApiKeyResponse.From(c.Key.Row, c.Key.Key)));

    private static async Task<Ok<List<ApiKeyResponse>>> ListAsync(ApiKeyService keys, CancellationToken ct) =>
        TypedResults.Ok((await keys.ListAsync(ct)).ConvertAll(k => ApiKeyResponse.From(k)));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, ApiKeyService keys, CancellationToken ct) =>
        await keys.RevokeAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("API key", id);
}
