using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Models;

namespace TrainingService.Api.Models;

/// <summary>/api/models: create, read, list and delete model definitions.</summary>
public static class ModelsApi
{
    private const string Tag = "Models";

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/models").WithTags(Tag);

        group.MapPost("/", CreateAsync)
            .WithName("CreateModel")
            .WithSummary("Define a model")
            .WithDescription(
                "Validates and stores a feed-forward network definition: task, target and feature columns, hidden layers, loss, " +
                "optimizer, regularization, initializer, preprocessing and seed. The response echoes it with every default filled in. " +
                "The output layer is not part of the definition: the service adds it at training time from the task and the target. " +
                "Every invalid field is reported at once in a 400 validation problem keyed by field path (e.g. layers[2].activation).")
            .WithRequestExample(ModelsOpenApi.CreateExample)
            .WithJsonBodyLimit(JsonBodyLimit.Default);

        group.MapGet("/", ListAsync)
            .WithName("ListModels")
            .WithSummary("List models")
            .WithDescription($"Models newest first, a page at a time: offset (default 0) and limit (default {Paging.DefaultLimit}, at most {Paging.MaxLimit}).")
            .ProducesValidationProblem();

        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetModel")
            .WithSummary("Get a model")
            .WithDescription("The model's definition with every default filled in, its latest successful training job and its production pin. 404 for an unknown id.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteModel")
            .WithSummary("Delete a model")
            .WithDescription("Deletes the model with its training jobs, their history and trained weights, and its predictions. " +
                "409 while one of its training jobs is queued or running: cancel it first. 404 for an unknown id.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapProductionPin();
        return app;
    }

    private static async Task<Results<Created<ModelResponse>, ValidationProblem>> CreateAsync(
        CreateModelRequest? request, ModelService models, CancellationToken ct)
    {
        return await models.CreateAsync(request, ct) switch
        {
            CreateModelOutcome.Created created => TypedResults.Created($"/api/models/{created.Model.Id}",
                ModelResponse.From(created.Model.Id, created.Model.Name, created.Definition, created.Model.CreatedAt, null, null)),
            CreateModelOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: "The model definition is not valid."),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    private static async Task<Results<Ok<Page<ModelResponse>>, ValidationProblem>> ListAsync(
        TrainingServiceDbContext db, CancellationToken ct, int offset = 0, int limit = Paging.DefaultLimit)
    {
        if (Paging.Validate(offset, limit) is { } errors)
            return TypedResults.ValidationProblem(errors);

        var query = db.Models.AsNoTracking();
        long total = await query.LongCountAsync(ct);
        var rows = await query
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip(offset).Take(limit)
            .Select(m => new StoredModel(m.Id, m.Name, m.Definition, m.CreatedAt, m.LatestTrainingJobId, m.ProductionTrainingJobId))
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<ModelResponse>([.. rows.Select(r => r.ToResponse())], total, offset, limit));
    }

    private static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> GetAsync(Guid id, TrainingServiceDbContext db, CancellationToken ct)
    {
        var row = await db.Models.AsNoTracking()
            .Where(m => m.Id == id)
            .Select(m => new StoredModel(m.Id, m.Name, m.Definition, m.CreatedAt, m.LatestTrainingJobId, m.ProductionTrainingJobId))
            .SingleOrDefaultAsync(ct);
        return row is null ? Problems.NotFound("model", id) : TypedResults.Ok(row.ToResponse());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ModelService models, CancellationToken ct) =>
        DeleteResults.From(await models.DeleteAsync(id, ct), "model", id);

    private sealed record StoredModel(
        Guid Id, string Name, ModelDefinition Definition, DateTimeOffset CreatedAt, Guid? LatestTrainingJobId, Guid? ProductionTrainingJobId)
    {
        public ModelResponse ToResponse() =>
            ModelResponse.From(Id, Name, Definition, CreatedAt, LatestTrainingJobId, ProductionTrainingJobId);
    }
}
