using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Datasets.Import;
using TrainingService.Core.Training;

namespace TrainingService.Api.Datasets;

public static class DatasetsApi
{
    private const int CategoriesShown = 100;

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/datasets").WithTags("Datasets");

        group.MapPost("/", UploadAsync)
            .WithName("UploadDataset")
            .WithSummary("Upload a CSV (or gzip-compressed CSV) file as a new dataset")
            .WithDescription("Streams the file into column chunks, inferring each column's type (numeric or categorical) and statistics.")
            .Accepts<DatasetUploadForm>("multipart/form-data")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/", ListAsync)
            .WithName("ListDatasets")
            .WithSummary("List datasets, newest first")
            .ProducesValidationProblem();

        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetDataset")
            .WithSummary("Get a dataset's columns and statistics")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:guid}/rows", GetRowsAsync)
            .WithName("GetDatasetRows")
            .WithSummary("Get a page of a dataset's rows with their original values")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteDataset")
            .WithSummary("Delete a dataset that no queued or running training job uses")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    private static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext context, DatasetImporter importer, TrainingServiceDbContext db, CancellationToken cancellationToken)
    {
        var upload = await DatasetUpload.ImportAsync(context, importer, cancellationToken);
        if (upload.Result is not null)
            return upload.Result;
        var dataset = await FindAsync(db, upload.DatasetId, cancellationToken);
        return TypedResults.Created($"/api/datasets/{upload.DatasetId}", dataset);
    }

    private static async Task<Results<Ok<Page<DatasetSummaryResponse>>, ValidationProblem>> ListAsync(
        TrainingServiceDbContext db, CancellationToken cancellationToken, int offset = 0, int limit = Paging.DefaultLimit)
    {
        if (Paging.Validate(offset, limit) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var items = await db.Datasets.AsNoTracking()
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip(offset).Take(limit)
            .Select(d => new DatasetSummaryResponse(d.Id, d.Name, d.RowCount, d.ColumnCount, d.SizeBytes, d.CreatedAt))
            .ToListAsync(cancellationToken);
        long total = await db.Datasets.LongCountAsync(cancellationToken);
        return TypedResults.Ok(new Page<DatasetSummaryResponse>(items, total, offset, limit));
    }

    private static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> GetAsync(
        Guid id, TrainingServiceDbContext db, CancellationToken cancellationToken)
    {
        var dataset = await FindAsync(db, id, cancellationToken);
        return dataset is null ? NotFound(id) : TypedResults.Ok(dataset);
    }

    private static async Task<Results<Ok<DatasetRowsResponse>, ValidationProblem, ProblemHttpResult>> GetRowsAsync(
        Guid id, DatasetStore store, CancellationToken cancellationToken, long offset = 0, int limit = Paging.DefaultLimit)
    {
        // Row offsets may pass int.MaxValue; the shared rules only need to see whether it is negative.
        if (Paging.Validate((int)Math.Clamp(offset, -1, int.MaxValue), limit) is { } errors)
            return TypedResults.ValidationProblem(errors);
        // REVIEW: loads each categorical column's whole dictionary to name at most `limit` values; fine for
        // thousands of categories, wasteful for an id-like column with millions.
        var data = await store.LoadRangeAsync(id, offset, limit, cancellationToken: cancellationToken);
        if (data is null)
            return NotFound(id);

        var rows = new object?[data.RowCount][];
        for (int r = 0; r < rows.Length; r++)
        {
            var row = rows[r] = new object?[data.Columns.Count];
            for (int c = 0; c < row.Length; c++)
            {
                var column = data.Columns[c];
                float value = column.Values[r];
                row[c] = float.IsNaN(value) ? null : column.Type == ColumnType.Numeric ? value : column.CategoryAt(r);
            }
        }

        return TypedResults.Ok(new DatasetRowsResponse(data.Columns.Select(c => c.Name).ToList(), rows, offset, limit, data.TotalRows));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, TrainingServiceDbContext db, CancellationToken cancellationToken)
    {
        int deleted = await GuardedDelete.RunAsync(db, $"SELECT 1 FROM datasets WHERE id = {id} FOR UPDATE", token => db.Datasets
            .Where(d => d.Id == id && !db.TrainingJobs.Any(j => (j.DatasetId == id || j.ValidationDatasetId == id)
                && TrainingJobStatuses.InProgress.Contains(j.Status)))
            .ExecuteDeleteAsync(token), cancellationToken);
        if (deleted > 0)
            return TypedResults.NoContent();
        if (!await db.Datasets.AnyAsync(d => d.Id == id, cancellationToken))
            return NotFound(id);

        var jobs = await db.TrainingJobs.AsNoTracking()
            .Where(j => (j.DatasetId == id || j.ValidationDatasetId == id) && TrainingJobStatuses.InProgress.Contains(j.Status))
            .Select(j => j.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The dataset is in use.",
            detail: $"Training jobs {string.Join(", ", jobs)} are queued or running on dataset {id}; cancel them or wait until they finish.",
            extensions: new Dictionary<string, object?> { ["trainingJobIds"] = jobs });
    }

    private static Task<DatasetResponse?> FindAsync(TrainingServiceDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Datasets.AsNoTracking()
            .Where(d => d.Id == id)
            .Select(d => new DatasetResponse(
                d.Id, d.Name, d.RowCount, d.ColumnCount, d.SizeBytes, d.CreatedAt,
                d.Columns.OrderBy(c => c.Ordinal).Select(c => new DatasetColumnResponse(
                    c.Name, c.Type, c.MissingCount, c.Min, c.Max, c.Mean, c.Std,
                    c.Categories == null ? null : c.Categories.Length,
                    c.Categories == null ? null : c.Categories.Take(CategoriesShown).ToList())).ToList()))
            .SingleOrDefaultAsync(cancellationToken);

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Dataset not found.", detail: $"No dataset has id {id}.");
}
