using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Predictions;

namespace TrainingService.Api.Predictions;

public static class PredictionsApi
{
    /// <summary>Rows keyed by the model's feature columns; a row that also has the target column makes the response carry metrics.</summary>
    private const string CreateExample = """
        {
          "rows": [
            { "tenureMonths": 12, "monthlyCharges": 70.35, "contract": "month-to-month", "paymentMethod": "card" },
            { "tenureMonths": 48, "monthlyCharges": 25.1, "contract": "two-year", "paymentMethod": "bank", "churned": "no" }
          ]
        }
        """;

    public static IEndpointRouteBuilder MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/models/{modelId:guid}/predictions").WithTags("Predictions");
        group.MapPost("/", CreateAsync).WithName("CreatePrediction")
            .WithSummary("Predict with a trained model")
            .WithDescription("Send rows (objects keyed by column name) or a datasetId. Uses the model's latest succeeded training job unless trainingJobId names another. Metrics are included when the rows carry the target column; categories unseen in training are encoded as all zeros and reported in warnings.")
            .WithRequestExample(CreateExample)
            .WithJsonBodyLimit(JsonBodyLimit.Predictions)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync).WithName("ListPredictions").WithSummary("List a model's stored predictions, newest first, without their rows")
            .ProducesValidationProblem();
        group.MapGet("/{predictionId:guid}", GetAsync).WithName("GetPrediction").WithSummary("Get a stored prediction with a page of its rows")
            .ProducesValidationProblem();
        group.MapDelete("/{predictionId:guid}", DeleteAsync).WithName("DeletePrediction").WithSummary("Delete a stored prediction of the model")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<PredictionResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid modelId, PredictionRequest request, PredictionService predictions, CancellationToken ct)
    {
        return await predictions.PredictAsync(modelId, request, ct) switch
        {
            PredictionOutcome.Created created => TypedResults.Created(
                $"/api/models/{modelId}/predictions/{created.Prediction.Id}",
                new PredictionResponse(created.Prediction.Id, modelId, created.Prediction.TrainingJobId, created.Prediction.CreatedAt,
                    created.Prediction.RowCount, 0, created.Rows, created.Metrics, created.Evaluation, created.Prediction.Warnings)),
            PredictionOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: "The rows cannot be predicted."),
            PredictionOutcome.NotTrained notTrained => Problems.Conflict("The model is not trained.", notTrained.Detail),
            PredictionOutcome.NotFound => Problems.NotFound("model", modelId),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    private static async Task<Results<Ok<Page<PredictionSummary>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        Guid modelId, TrainingServiceDbContext db, CancellationToken ct, int offset = 0, int limit = Paging.DefaultLimit)
    {
        if (Paging.Validate(offset, limit) is { } errors)
            return TypedResults.ValidationProblem(errors);
        if (!await db.Models.AnyAsync(m => m.Id == modelId, ct))
            return Problems.NotFound("model", modelId);
        var query = db.Predictions.AsNoTracking().Where(p => p.ModelId == modelId);
        long total = await query.LongCountAsync(ct);
        var items = await query.OrderByDescending(p => p.CreatedAt).Skip(offset).Take(limit)
            .Select(p => new { p.Id, p.TrainingJobId, p.CreatedAt, p.RowCount, p.Metrics, p.Warnings })
            .ToListAsync(ct);
        var summaries = items.ConvertAll(p => new PredictionSummary(p.Id, modelId, p.TrainingJobId, p.CreatedAt, p.RowCount, p.Metrics, p.Warnings));
        return TypedResults.Ok(new Page<PredictionSummary>(summaries, total, offset, limit));
    }

    private static async Task<Results<Ok<PredictionResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid modelId, Guid predictionId, TrainingServiceDbContext db, CancellationToken ct, int offset = 0, int limit = Paging.MaxLimit)
    {
        if (Paging.Validate(offset, limit) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var prediction = await db.Predictions.AsNoTracking().Where(p => p.Id == predictionId && p.ModelId == modelId)
            .Select(p => new { p.TrainingJobId, p.CreatedAt, p.RowCount, p.Metrics, p.Evaluation, p.Warnings })
            .SingleOrDefaultAsync(ct);
        if (prediction is null)
            return Problems.NotFound("prediction", predictionId);

        // Only the requested slice of the stored array leaves the database.
        string page = await db.Database.SqlQuery<string>($"""
            SELECT coalesce(jsonb_agg(e ORDER BY i), '[]'::jsonb)::text AS "Value"
            FROM predictions p, jsonb_array_elements(p.results) WITH ORDINALITY AS t(e, i)
            WHERE p.id = {predictionId} AND p.tenant_id = {db.TenantScope.RequiredTenantId} AND i > {offset} AND i <= {offset + limit}
            """).SingleAsync(ct);
        var rows = StoredJson.Deserialize<List<PredictedRow>>(page);
        return TypedResults.Ok(new PredictionResponse(predictionId, modelId, prediction.TrainingJobId, prediction.CreatedAt,
            prediction.RowCount, offset, rows, prediction.Metrics, prediction.Evaluation, prediction.Warnings));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid modelId, Guid predictionId, PredictionService predictions, CancellationToken ct) =>
        DeleteResults.From(await predictions.DeleteAsync(modelId, predictionId, ct), "prediction", predictionId);
}
