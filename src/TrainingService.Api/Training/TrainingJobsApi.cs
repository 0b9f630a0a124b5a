using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.CrossValidation;
using TrainingService.Core.Data;
using TrainingService.Core.Export;
using TrainingService.Core.Training;

namespace TrainingService.Api.Training;

public static class TrainingJobsApi
{
    /// <summary>Every field set; the ids are placeholders for ones returned by POST /api/models and POST /api/datasets.</summary>
    private const string CreateExample = """
        {
          "modelId": "0193a5b2-7c1d-7e4f-9a21-3b5c6d7e8f90",
          "datasetId": "0193a5b2-6a0b-7c3d-8e1f-2a3b4c5d6e7f",
          "epochs": 30,
          "batchSize": 64,
          "validationSplit": 0.2,
          "shuffle": true,
          "earlyStopping": { "monitor": "validationLoss", "patience": 5, "minDelta": 0, "restoreBestWeights": true },
          "learningRateSchedule": { "type": "cosine", "minLearningRate": 0.00001 },
          "maxRuntimeSeconds": 3600,
          "seed": 42
        }
        """;

    public static IEndpointRouteBuilder MapTrainingJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/training-jobs").WithTags("Training jobs");

        group.MapPost("/", CreateAsync).WithName("CreateTrainingJob")
            .WithSummary("Queue a training job")
            .WithDescription("Checks the model against the dataset, stores the job as queued and hands it to a worker. Poll the job or its history; cancel it with POST /cancel. " +
                "With `crossValidation` ({\"folds\": k, \"stratified\": true}) k fold jobs run first and the job waits (queued); then it trains on every row for the folds' " +
                "mean best epoch count. Its `crossValidation` shows the folds, their metrics and each metric's mean and standard deviation.")
            .WithRequestExample(CreateExample)
            .WithJsonBodyLimit(JsonBodyLimit.Default)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/validate", ValidateAsync).WithName("ValidateTrainingJob")
            .WithSummary("Dry run: check a training job request as POST /api/training-jobs would, without storing or queueing it")
            .WithDescription("Runs every check of a submission (the request, the model against the dataset's schema and statistics, the size limits, " +
                "the tenant's job quota) and answers with the same 400 or 429 a submission would get. On success: the plan (resolved loss, " +
                "features and their encodings, layers with parameter counts, rows), the planned memory and an epoch-time estimate.")
            .WithRequestExample(CreateExample)
            .WithJsonBodyLimit(JsonBodyLimit.Default)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/", ListAsync).WithName("ListTrainingJobs")
            .WithSummary("List training jobs, newest first, optionally filtered by model, dataset or status")
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetAsync).WithName("GetTrainingJob")
            .WithSummary("Get a training job's status, progress, latest losses and metrics")
            .WithDescription("Also where it is: its place in the queue, batches done within the epoch in progress, the ETA, the worker's last heartbeat " +
                "(and `stale` when it stopped), and every state change with time and reason (`transitions`). For live updates read GET /api/training-jobs/{id}/events.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/history", GetHistoryAsync).WithName("GetTrainingJobHistory")
            .WithSummary("Get the per-epoch history of a training job (one entry per finished epoch), a page at a time")
            .WithDescription($"The epochs after `since` (default 0: from the first), in order, at most `limit` of them (1-{Paging.MaxLimit}, default {Paging.MaxLimit}). " +
                "When more epochs follow, a `Link` header with rel=\"next\" gives the next page's URL (since = the last epoch returned).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/model", DownloadModelAsync).WithName("DownloadTrainedModel")
            .WithSummary("Download the trained model (network and fitted preprocessing) in the engine's binary format, or with ?format=onnx as one ONNX model")
            .WithDescription("`format`: `native` (default, the engine's `.tsmodel`) or `onnx` (inputs named after the feature columns, outputs `label` and `probabilities` or `value`; see the README). " +
                "A succeeded job's model, or that of a job cancelled or stopped by maxRuntimeSeconds after at least one completed epoch " +
                "(the best epoch's weights when early stopping restores them, else the last completed epoch's). 409 for a job without one.")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelTrainingJob")
            .WithSummary("Cancel a training job: a queued job at once, a running one within one batch")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteTrainingJob")
            .WithSummary("Delete a finished training job with its history, trained model and the predictions made with it")
            .WithDescription("Only succeeded, failed or cancelled jobs: cancel a queued or running job first. If it was its model's latest trained job, the model falls back to its next latest one. 409 while it is its model's production pin.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Accepted<TrainingJobResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        TrainingJobRequest request, TrainingJobService jobs, CrossValidatedTrainingJobs crossValidated, TrainingServiceDbContext db, CancellationToken ct)
    {
        var outcome = request.CrossValidation is null ? await jobs.CreateAsync(request, ct) : await crossValidated.CreateAsync(request, ct);
        return outcome switch
        {
            CreateTrainingJobOutcome.Queued queued => TypedResults.Accepted($"/api/training-jobs/{queued.Job.Id}",
                TrainingJobResponse.From(queued.Job, crossValidation: request.CrossValidation is null ? null : await CrossValidationSummary.LoadAsync(db, queued.Job.Id, ct))),
            CreateTrainingJobOutcome.Invalid invalid => Refused(invalid),
            CreateTrainingJobOutcome.QuotaExceeded quota => Problems.QuotaExceeded(quota.Quota),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    /// <summary>The dry run: <see cref="TrainingJobService.CheckAsync"/> is the first step of every submission, so its refusals are a submission's.</summary>
    private static async Task<Results<Ok<TrainingJobDryRunResponse>, ValidationProblem, ProblemHttpResult>> ValidateAsync(
        TrainingJobRequest request, TrainingJobService jobs, CancellationToken ct)
    {
        // A cross-validated job's plan is a fold job's: the biggest share of the rows any of its jobs trains on besides the final.
        return await jobs.CheckAsync(CrossValidatedTrainingJobs.FoldRequest(request), ct) switch
        {
            CreateTrainingJobOutcome.Planned planned => TypedResults.Ok(TrainingJobDryRunResponse.From(planned)),
            CreateTrainingJobOutcome.Invalid invalid => Refused(invalid),
            CreateTrainingJobOutcome.QuotaExceeded quota => Problems.QuotaExceeded(quota.Quota),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    private static ValidationProblem Refused(CreateTrainingJobOutcome.Invalid invalid) =>
        TypedResults.ValidationProblem(invalid.Errors, title: "The training job cannot run as requested.");

    private static async Task<Results<Ok<Page<TrainingJobResponse>>, ValidationProblem>> ListAsync(
        TrainingServiceDbContext db, TrainingJobLiveness liveness, Guid? modelId, Guid? datasetId, string? status,
        CancellationToken ct, int offset = 0, int limit = Paging.DefaultLimit)
    {
        // Bound as text: the framework's enum binding is case-sensitive and would refuse the API's own "succeeded".
        var errors = Paging.Validate(offset, limit) ?? [];
        TrainingJobStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<TrainingJobStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
                statusFilter = parsed;
            else
                errors["status"] = [$"Unknown status '{status}'. Allowed: {string.Join(", ", Enum.GetNames<TrainingJobStatus>().Select(n => n.ToLowerInvariant()))}."];
        }

        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var query = db.TrainingJobs.AsNoTracking();
        if (modelId is not null) query = query.Where(j => j.ModelId == modelId);
        // The recorded id, so the jobs trained on a dataset stay listable after it is deleted.
        if (datasetId is not null) query = query.Where(j => j.RecordedDatasetId == datasetId);
        if (statusFilter is not null) query = query.Where(j => j.Status == statusFilter);
        long total = await query.LongCountAsync(ct);
        var jobs = await query.OrderByDescending(j => j.CreatedAt).ThenBy(j => j.Id).Skip(offset).Take(limit).ToListAsync(ct);
        var items = jobs.ConvertAll(j => TrainingJobResponse.From(j, new TrainingJobLiveResponse(liveness.IsStale(j))));
        return TypedResults.Ok(new Page<TrainingJobResponse>(items, total, offset, limit));
    }

    private static async Task<Results<Ok<TrainingJobResponse>, ProblemHttpResult>> GetAsync(
        Guid id, TrainingServiceDbContext db, TrainingJobLiveness liveness, CancellationToken ct)
    {
        var job = await db.TrainingJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct);
        if (job is null)
            return NotFound(id);
        var transitions = await liveness.TransitionsAsync(id, ct);
        var crossValidation = await CrossValidationSummary.LoadAsync(db, id, ct);
        // A job waiting for its folds is in no worker queue yet (it joins the training queue once they ended).
        bool waitsForFolds = crossValidation is not null && job.TuningJobId is null;
        var live = new TrainingJobLiveResponse(liveness.IsStale(job), waitsForFolds ? null : await liveness.QueuePositionAsync(job, ct),
            transitions.Select(StatusTransitionResponse.From).ToList());
        return TypedResults.Ok(TrainingJobResponse.From(job, live, crossValidation));
    }

    /// <summary>
    /// Keyset pages by epoch number rather than offset pages: a running job appends epochs, and "after epoch k" names
    /// the same rows whenever it is asked. The body stays the bare array it always was (the rows are the shape of the
    /// event stream's epoch events too), and the default limit is the largest, so a client that sends no parameters
    /// gets what it got before for any job of up to <see cref="Paging.MaxLimit"/> epochs; beyond that it gets the
    /// first page and a Link to the next.
    /// </summary>
    private static async Task<Results<Ok<List<TrainingEpochResponse>>, ValidationProblem, ProblemHttpResult>> GetHistoryAsync(
        Guid id, TrainingServiceDbContext db, HttpResponse response, CancellationToken ct, int since = 0, int limit = Paging.MaxLimit)
    {
        if (Paging.Validate(since, limit, "since") is { } errors)
            return TypedResults.ValidationProblem(errors);
        if (!await db.TrainingJobs.AnyAsync(j => j.Id == id, ct))
            return NotFound(id);
        // One row more than asked tells whether a next page exists without counting the job's epochs.
        var epochs = await db.TrainingEpochs.AsNoTracking().Where(e => e.TrainingJobId == id && e.Epoch > since)
            .OrderBy(e => e.Epoch).Take(limit + 1).ToListAsync(ct);
        if (epochs.Count > limit)
        {
            epochs.RemoveAt(limit);
            response.Headers.Link = $"</api/training-jobs/{id}/history?since={epochs[^1].Epoch}&limit={limit}>; rel=\"next\"";
        }

        return TypedResults.Ok(epochs.ConvertAll(TrainingEpochResponse.From));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> DownloadModelAsync(
        Guid id, TrainingServiceDbContext db, CancellationToken ct, string? format = null)
    {
        if (!ModelFileFormat.TryParse(format, out var fileFormat))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"Unknown model format '{format}'; use one of {ModelFileFormat.Names}."] });
        var status = await db.TrainingJobs.Where(j => j.Id == id).Select(j => (TrainingJobStatus?)j.Status).SingleOrDefaultAsync(ct);
        if (status is null)
            return NotFound(id);
        var data = await db.TrainedModels.Where(t => t.TrainingJobId == id).Select(t => t.Data).SingleOrDefaultAsync(ct);
        return data is null
            ? Problems.Conflict("No trained model yet.", $"Training job {id} has no trained model: it is {status.Value.ToString().ToLowerInvariant()}.")
            : TypedResults.File(fileFormat.Convert(data, id), fileFormat.ContentType, fileFormat.FileName(id));
    }

    private static async Task<Results<Accepted<TrainingJobResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, TrainingJobService jobs, CrossValidatedTrainingJobs crossValidated, CancellationToken ct)
    {
        var outcome = await jobs.CancelAsync(id, ct);
        // The job first, so its outcome is the answer; then its folds, if it waits for any.
        if (outcome is CancelTrainingJobOutcome.Cancelled or CancelTrainingJobOutcome.Requested)
            await crossValidated.CancelFoldsAsync(id, ct);
        return outcome switch
        {
            CancelTrainingJobOutcome.Cancelled cancelled => TypedResults.Accepted($"/api/training-jobs/{id}", TrainingJobResponse.From(cancelled.Job)),
            CancelTrainingJobOutcome.Requested requested => TypedResults.Accepted($"/api/training-jobs/{id}", TrainingJobResponse.From(requested.Job)),
            CancelTrainingJobOutcome.AlreadyFinished finished => Problems.Conflict("The job has already finished.",
                $"Training job {id} already ended as {finished.Job.Status.ToString().ToLowerInvariant()}."),
            CancelTrainingJobOutcome.NotFound => NotFound(id),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, TrainingJobService jobs, CancellationToken ct)
    {
        return await jobs.DeleteAsync(id, ct) switch
        {
            DeleteTrainingJobOutcome.Deleted => TypedResults.NoContent(),
            DeleteTrainingJobOutcome.NotFinished notFinished => Problems.Conflict("The job has not finished.",
                $"Training job {id} is {notFinished.Status.ToString().ToLowerInvariant()}; cancel it with POST /api/training-jobs/{id}/cancel and delete it once it has ended."),
            DeleteTrainingJobOutcome.Pinned pinned => Problems.Conflict("The job is pinned for production.",
                $"Training job {id} is model {pinned.ModelId}'s production pin; pin another job with PUT /api/models/{pinned.ModelId}/production or unpin it with DELETE, then delete the job."),
            DeleteTrainingJobOutcome.Continued continued => Problems.Conflict("A job continues from this one.",
                $"Training job {continued.TrainingJobId} continues from training job {id} (initFromJobId) and has not ended; delete this job once it has, or cancel it."),
            DeleteTrainingJobOutcome.NotFound => NotFound(id),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    private static ProblemHttpResult NotFound(Guid id) => Problems.NotFound("training job", id);
}
