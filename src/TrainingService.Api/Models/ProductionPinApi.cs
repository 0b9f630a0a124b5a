using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrainingService.Api.Identity;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Models;

namespace TrainingService.Api.Models;

/// <summary>/api/models/{id}/production: the training job a model predicts with by default, and who changed it when.</summary>
public static class ProductionPinApi
{
    public static RouteGroupBuilder MapProductionPin(this RouteGroupBuilder models)
    {
        models.MapPut("/{id:guid}/production", PinAsync)
            .WithName("PinProductionJob")
            .WithSummary("Pin the model's production training job")
            .WithDescription(
                "Predictions that name no trainingJobId use this job instead of the model's latest. The job must be the model's and " +
                "have a trained model (succeeded, or cancelled/stopped after keeping its best epoch): 400 naming trainingJobId when it is " +
                "not a job of the model, 409 when it has no trained model. The pinned job cannot be deleted (409) until it is unpinned or " +
                "another is pinned. Each change is recorded in GET /api/models/{id}/production/history.")
            .WithJsonBodyLimit(JsonBodyLimit.Default)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        models.MapDelete("/{id:guid}/production", UnpinAsync)
            .WithName("UnpinProductionJob")
            .WithSummary("Unpin the model's production training job")
            .WithDescription("Predictions that name no job go back to the model's latest succeeded job. 204 also when nothing was pinned; 404 for an unknown model.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        models.MapGet("/{id:guid}/production/history", HistoryAsync)
            .WithName("GetProductionPinHistory")
            .WithSummary("The model's production pin changes")
            .WithDescription(
                $"Newest first, at most {ProductionPinService.HistoryLimit}: pin or unpin, which job, when, and who (the API key's id and name, " +
                "or the JWT's subject and name).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return models;
    }

    private static async Task<Results<Ok<ProductionPinResponse>, ValidationProblem, ProblemHttpResult>> PinAsync(
        Guid id, PinProductionRequest? request, ClaimsPrincipal user, ProductionPinService pins, CancellationToken ct)
    {
        return await pins.PinAsync(id, request, ActorOf(user), ct) switch
        {
            PinProductionOutcome.Changed changed => TypedResults.Ok(new ProductionPinResponse(id, changed.TrainingJobId)),
            PinProductionOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: "The job cannot be pinned."),
            PinProductionOutcome.NotTrained notTrained => Problems.Conflict("The job has no trained model.", notTrained.Detail,
                new Dictionary<string, object?> { ["trainingJobId"] = notTrained.TrainingJobId }),
            PinProductionOutcome.NotFound => Problems.NotFound("model", id),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnpinAsync(Guid id, ClaimsPrincipal user, ProductionPinService pins, CancellationToken ct)
    {
        return await pins.UnpinAsync(id, ActorOf(user), ct) switch
        {
            PinProductionOutcome.Changed => TypedResults.NoContent(),
            PinProductionOutcome.NotFound => Problems.NotFound("model", id),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<ProductionPinChangeResponse>>, ProblemHttpResult>> HistoryAsync(
        Guid id, ProductionPinService pins, CancellationToken ct)
    {
        var changes = await pins.HistoryAsync(id, ct);
        return changes is null
            ? Problems.NotFound("model", id)
            : TypedResults.Ok<IReadOnlyList<ProductionPinChangeResponse>>([.. changes.Select(ProductionPinChangeResponse.From)]);
    }

    /// <summary>The caller as the history records it: a tenant key's id and name, else the JWT's subject.</summary>
    internal static PinActor ActorOf(ClaimsPrincipal user)
    {
        if (user.FindFirst(IdentityClaims.ApiKeyId)?.Value is { } keyId)
            return new PinActor("apiKey", keyId, user.FindFirst(ClaimTypes.Name)?.Value);
        string subject = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "unknown";
        return new PinActor("jwt", subject, user.FindFirst("name")?.Value);
    }
}
