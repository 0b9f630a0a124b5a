using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Datasets.Histograms;
using TrainingService.Core.Datasets.Import;
using TrainingService.Core.Identity;

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
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

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

        group.MapGet("/{id:guid}/columns/{name}/histogram", GetHistogramAsync)
            .WithName("GetColumnHistogram")
            .WithSummary("Get a numeric column's histogram: equal-width bins between its minimum and maximum")
            .WithDescription($"`bins`: 1 to {ColumnHistogramService.MaxBins} (default {ColumnHistogramService.DefaultBins}). A categorical column is a 400 naming `name`: its categories are in the dataset's columns.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteDataset")
            .WithSummary("Delete a dataset that no queued or running training job uses")
            .WithDescription("Finished jobs trained on it stay, with their trained models, history and predictions; their `dataset` records the deleted dataset's id, name and row count.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    private static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext context, DatasetImporter importer, TenantQuotas quotas, TrainingServiceDbContext db, CancellationToken cancellationToken)
    {
        // Checked before a byte of the body is read: a tenant at its quota does not get to spool a gigabyte first.
        if (await quotas.CheckNewDatasetAsync(cancellationToken) is { } exceeded)
            return Problems.QuotaExceeded(exceeded);
        return await DatasetUpload.ImportAsync(context, importer, cancellationToken) switch
        {
            UploadOutcome.Stored stored => TypedResults.Created($"/api/datasets/{stored.DatasetId}", await FindAsync(db, stored.DatasetId, cancellationToken)),
            UploadOutcome.Invalid invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] }),
            UploadOutcome.UnsupportedMediaType unsupported => FileProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", unsupported.Detail),
            UploadOutcome.MalformedBody malformed => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The multipart body is malformed.", detail: malformed.Detail),
            UploadOutcome.FileRefused { Refusal: CsvReadOutcome.TooLarge tooLarge } => FileProblem(StatusCodes.Status413PayloadTooLarge, "The file is too large.", tooLarge.Detail),
            UploadOutcome.FileRefused { Refusal: CsvReadOutcome.InvalidCsv invalid } => InvalidCsvProblem(invalid),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
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
        return dataset is null ? Problems.NotFound("dataset", id) : TypedResults.Ok(dataset);
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
            return Problems.NotFound("dataset", id);

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

    private static async Task<Results<Ok<ColumnHistogram>, ValidationProblem, ProblemHttpResult>> GetHistogramAsync(
        Guid id, string name, ColumnHistogramService histograms, CancellationToken cancellationToken, int bins = ColumnHistogramService.DefaultBins)
    {
        if (bins is < 1 or > ColumnHistogramService.MaxBins)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["bins"] = [$"Must be between 1 and {ColumnHistogramService.MaxBins}."] });
        return await histograms.ComputeAsync(id, name, bins, cancellationToken) switch
        {
            ColumnHistogramOutcome.Computed computed => TypedResults.Ok(computed.Histogram),
            ColumnHistogramOutcome.DatasetNotFound => Problems.NotFound("dataset", id),
            ColumnHistogramOutcome.ColumnNotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Column not found.",
                detail: $"Dataset {id} has no column named '{name}'."),
            ColumnHistogramOutcome.NotNumeric notNumeric => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = [$"Column '{name}' is {notNumeric.Type.ToString().ToLowerInvariant()}; histograms are of numeric columns (a categorical column's categories are in GET /api/datasets/{{id}})."],
            }),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, DatasetService datasets, CancellationToken cancellationToken) =>
        DeleteResults.From(await datasets.DeleteAsync(id, cancellationToken), "dataset", id);

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

    private static ProblemHttpResult InvalidCsvProblem(CsvReadOutcome.InvalidCsv error)
    {
        var extensions = new Dictionary<string, object?>();
        if (error.Line is long line)
            extensions["line"] = line;
        if (error.Column is int column)
            extensions["column"] = column;
        if (error.ColumnName is string columnName)
            extensions["columnName"] = columnName;
        return FileProblem(StatusCodes.Status400BadRequest, "The file is not a valid CSV file.", error.Detail, extensions);
    }

    /// <summary>A problem with the uploaded file, named under <c>field</c> like validation errors name theirs.</summary>
    private static ProblemHttpResult FileProblem(int status, string title, string detail, Dictionary<string, object?>? extensions = null)
    {
        extensions ??= [];
        extensions["field"] = DatasetUpload.FileField;
        return TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);
    }
}
