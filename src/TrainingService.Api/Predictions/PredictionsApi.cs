using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TrainingService.Api.Identity;
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
            .WithDescription("Send rows (objects keyed by column name) or a datasetId. Uses the model's production pin, else its latest succeeded training job, unless trainingJobId names another. Metrics are included when the rows carry the target column; categories unseen in training are encoded as all zeros and reported in warnings. With a datasetId and \"async\": true the dataset is scored in a worker, in chunks: the answer is 202 with the queued prediction at Location, whose status and rowsScored follow the run.")
            .WithRequestExample(CreateExample)
            .WithJsonBodyLimit(JsonBodyLimit.Predictions)
            .WithMetadata(AcceptsCachedApiKey.Instance)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/", ListAsync).WithName("ListPredictions").WithSummary("List a model's stored predictions, newest first, without their rows")
            .ProducesValidationProblem();
        group.MapGet("/{predictionId:guid}", GetAsync).WithName("GetPrediction").WithSummary("Get a stored prediction with a page of its rows")
            .ProducesValidationProblem();
        group.MapGet("/{predictionId:guid}.csv", DownloadCsvAsync).WithName("DownloadPredictionCsv")
            .WithSummary("Download a stored prediction's rows as CSV, streamed: row, then label and p_<label> per class, or value")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{predictionId:guid}/cancel", CancelAsync).WithName("CancelPrediction")
            .WithSummary("Cancel an asynchronous prediction: a queued one at once, a running one after its current chunk")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{predictionId:guid}", DeleteAsync).WithName("DeletePrediction").WithSummary("Delete a stored prediction of the model")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<PredictionResponse>, Accepted<PredictionResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid modelId, PredictionRequest request, PredictionService predictions, CancellationToken ct)
    {
        return await predictions.PredictAsync(modelId, request, ct) switch
        {
            PredictionOutcome.Created created => TypedResults.Created(
                Location(modelId, created.Prediction.Id), PredictionResponse.From(created.Prediction, 0, created.Rows)),
            PredictionOutcome.Queued queued => TypedResults.Accepted(
                Location(modelId, queued.Prediction.Id), PredictionResponse.From(queued.Prediction, 0, [])),
            PredictionOutcome.QuotaExceeded quota => Problems.QuotaExceeded(quota.Quota),
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
            .Select(p => new { p.Id, p.TrainingJobId, p.CreatedAt, p.Status, p.RowCount, RowsScored = p.Chunked ? p.RowsScored : p.RowCount, p.Metrics, p.Warnings })
            .ToListAsync(ct);
        var summaries = items.ConvertAll(p => new PredictionSummary(p.Id, modelId, p.TrainingJobId, p.CreatedAt, p.Status, p.RowCount, p.RowsScored, p.Metrics, p.Warnings));
        return TypedResults.Ok(new Page<PredictionSummary>(summaries, total, offset, limit));
    }

    private static async Task<Results<Ok<PredictionResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid modelId, Guid predictionId, TrainingServiceDbContext db, CancellationToken ct, int offset = 0, int limit = Paging.MaxLimit)
    {
        if (Paging.Validate(offset, limit) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var prediction = await FindAsync(db, modelId, predictionId, ct);
        if (prediction is null)
            return Problems.NotFound("prediction", predictionId);

        // Only the requested slice of the stored rows leaves the database: of one jsonb array, or of the chunks it overlaps.
        string page = prediction.Chunked
            ? await db.Database.SqlQuery<string>($"""
                SELECT coalesce(jsonb_agg(t.e ORDER BY c.chunk_index, t.i), '[]'::jsonb)::text AS "Value"
                FROM prediction_result_chunks c
                JOIN predictions p ON p.id = c.prediction_id
                CROSS JOIN LATERAL jsonb_array_elements(c.rows) WITH ORDINALITY AS t(e, i)
                WHERE c.prediction_id = {predictionId} AND p.tenant_id = {db.TenantScope.RequiredTenantId}
                  AND c.first_row < {(long)offset + limit} AND c.first_row + c.row_count > {offset}
                  AND c.first_row + t.i > {offset} AND c.first_row + t.i <= {(long)offset + limit}
                """).SingleAsync(ct)
            : await db.Database.SqlQuery<string>($"""
                SELECT coalesce(jsonb_agg(e ORDER BY i), '[]'::jsonb)::text AS "Value"
                FROM predictions p, jsonb_array_elements(p.results) WITH ORDINALITY AS t(e, i)
                WHERE p.id = {predictionId} AND p.tenant_id = {db.TenantScope.RequiredTenantId} AND i > {offset} AND i <= {(long)offset + limit}
                """).SingleAsync(ct);
        return TypedResults.Ok(PredictionResponse.From(prediction, offset, StoredJson.Deserialize<List<PredictedRow>>(page)));
    }

    /// <summary>
    /// Streams every stored row as CSV (<see cref="PredictionCsvWriter"/>), a chunk or a row at a time from the
    /// database, so neither the Api nor the client holds the whole prediction. An unfinished asynchronous prediction
    /// gives the rows stored so far.
    /// </summary>
    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> DownloadCsvAsync(
        Guid modelId, Guid predictionId, TrainingServiceDbContext db, CancellationToken ct)
    {
        var prediction = await db.Predictions.AsNoTracking().Where(p => p.Id == predictionId && p.ModelId == modelId)
            .Select(p => new { p.Chunked }).SingleOrDefaultAsync(ct);
        if (prediction is null)
            return Problems.NotFound("prediction", predictionId);
        return TypedResults.Stream(async body =>
        {
            await using var csv = new PredictionCsvWriter(body);
            long next = 0;
            await foreach (var (row, predicted) in StoredPredictionRows.ReadAsync(db, predictionId, prediction.Chunked, ct))
            {
                await csv.WriteAsync(row, predicted);
                // Sends what is buffered every so often, so the client sees rows while the rest are read.
                if (++next % 10_000 == 0)
                    await csv.FlushAsync();
            }
        }, "text/csv", $"prediction-{predictionId}.csv");
    }

    private static async Task<Results<Accepted<PredictionResponse>, ProblemHttpResult>> CancelAsync(
        Guid modelId, Guid predictionId, PredictionService predictions, CancellationToken ct)
    {
        return await predictions.CancelAsync(modelId, predictionId, ct) switch
        {
            CancelPredictionOutcome.Requested requested => TypedResults.Accepted(Location(modelId, predictionId), PredictionResponse.From(requested.Prediction, 0, [])),
            CancelPredictionOutcome.AlreadyFinished finished => Problems.Conflict("The prediction has already finished.",
                $"Prediction {predictionId} is {finished.Prediction.Status.ToString().ToLowerInvariant()}: only a queued or running asynchronous prediction can be cancelled."),
            CancelPredictionOutcome.NotFound => Problems.NotFound("prediction", predictionId),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    /// <summary>The prediction without its rows (<see cref="Prediction.Results"/> left empty), or null.</summary>
    private static Task<Prediction?> FindAsync(TrainingServiceDbContext db, Guid modelId, Guid predictionId, CancellationToken ct) =>
        db.Predictions.AsNoTracking().Where(p => p.Id == predictionId && p.ModelId == modelId)
            .Select(p => new Prediction
            {
                Id = p.Id, ModelId = p.ModelId, TrainingJobId = p.TrainingJobId, CreatedAt = p.CreatedAt, Status = p.Status, Chunked = p.Chunked,
                RowCount = p.RowCount, RowsScored = p.RowsScored, DatasetId = p.DatasetId, Error = p.Error, FinishedAt = p.FinishedAt,
                Metrics = p.Metrics, Evaluation = p.Evaluation, Warnings = p.Warnings, Results = Array.Empty<PredictedRow>(),
            })
            .SingleOrDefaultAsync(ct);

    private static string Location(Guid modelId, Guid predictionId) => $"/api/models/{modelId}/predictions/{predictionId}";

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid modelId, Guid predictionId, PredictionService predictions, CancellationToken ct) =>
        DeleteResults.From(await predictions.DeleteAsync(modelId, predictionId, ct), "prediction", predictionId);
}
