using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TrainingService.Api.Infrastructure;
using TrainingService.Api.Models;
using TrainingService.Core.Data;
using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Api.Tuning;

public static class TuningJobsApi
{
    /// <summary>A complete request; the dataset id is a placeholder for one returned by POST /api/datasets.</summary>
    private const string CreateExample = """
        {
          "baseModel": {
            "name": "iris search",
            "task": "classification",
            "targetColumn": "species",
            "layers": [ { "type": "dense", "units": 32, "activation": "relu" }, { "type": "dropout", "rate": 0.1 } ],
            "optimizer": { "type": "adam", "learningRate": 0.001 }
          },
          "datasetId": "0193a5b2-6a0b-7c3d-8e1f-2a3b4c5d6e7f",
          "epochs": 30,
          "validationSplit": 0.2,
          "earlyStopping": { "monitor": "validationLoss", "patience": 5 },
          "objective": { "metric": "validationAccuracy", "goal": "maximize" },
          "strategy": "random",
          "maxTrials": 16,
          "maxParallel": 2,
          "seed": 42,
          "searchSpace": {
            "optimizer.learningRate": { "type": "float", "min": 0.0001, "max": 0.1, "scale": "log" },
            "layers[0].units": { "type": "int", "min": 8, "max": 128, "scale": "log" },
            "layers[1].rate": { "type": "float", "min": 0, "max": 0.5 },
            "batchSize": { "type": "categorical", "values": [16, 32, 64] }
          },
          "pruning": { "enabled": true, "warmupEpochs": 2, "startupTrials": 5 }
        }
        """;

    public static IEndpointRouteBuilder MapTuningJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tuning-jobs").WithTags("Tuning jobs");

        group.MapPost("/", CreateAsync).WithName("CreateTuningJob")
            .WithSummary("Queue a hyperparameter search whose trials are ordinary training jobs")
            .WithDescription("Checks the search space against the base model (baseModel inline or modelId) and the base model against the dataset " +
                "(the training jobs' dry run), then runs the trials, at most maxParallel queued or running at once, pruning bad ones by the median rule.")
            .WithRequestExample(CreateExample)
            .WithJsonBodyLimit(JsonBodyLimit.Default)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/", ListAsync).WithName("ListTuningJobs")
            .WithSummary("List tuning jobs, newest first (bestTrial is left out: GET the job)")
            .ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetAsync).WithName("GetTuningJob")
            .WithSummary("Get a tuning job's status, trial counts and best trial so far")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/trials", GetTrialsAsync).WithName("GetTuningJobTrials")
            .WithSummary("The leaderboard: every trial, best objective first, with its training job id and sampled parameters")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelTuningJob")
            .WithSummary("Cancel a tuning job: no further trials; queued trials are cancelled and running ones stop; finished trials stay")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/promote", PromoteAsync).WithName("PromoteTuningJob")
            .WithSummary("Make the best trial's model the one predictions use")
            .WithDescription("Pins the best succeeded trial's own model (modelId in the answer) to its training job, or with crossValidation to the final " +
                "job trained on every row, as PUT /api/models/{modelId}/production would (recorded in its pin history); then " +
                "POST /api/models/{modelId}/predictions predicts with it. Allowed while the search runs (the best so far). 409 while no trial has " +
                "succeeded or the cross-validated final model has not trained. A base model given by modelId is not changed.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteTuningJob")
            .WithSummary("Delete a finished tuning job; its trials stay as ordinary training jobs")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Accepted<TuningJobResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        TuningJobRequest request, TuningJobService tuning, CancellationToken ct)
    {
        return await tuning.CreateAsync(request, ct) switch
        {
            CreateTuningJobOutcome.Queued queued => TypedResults.Accepted($"/api/tuning-jobs/{queued.Job.Id}", TuningJobResponse.From(queued.Job, [], null)),
            CreateTuningJobOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: "The tuning job cannot run as requested."),
            CreateTuningJobOutcome.QuotaExceeded quota => Problems.QuotaExceeded(quota.Quota),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }

    private static async Task<Results<Ok<Page<TuningJobResponse>>, ValidationProblem>> ListAsync(
        TrainingServiceDbContext db, CancellationToken ct, int offset = 0, int limit = Paging.DefaultLimit)
    {
        if (Paging.Validate(offset, limit) is { } errors)
            return TypedResults.ValidationProblem(errors);
        long total = await db.TuningJobs.LongCountAsync(ct);
        var jobs = await db.TuningJobs.AsNoTracking().OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id).Skip(offset).Take(limit).ToListAsync(ct);
        var ids = jobs.ConvertAll(t => t.Id);
        var trials = (await db.TrainingJobs.Where(j => j.TuningJobId != null && j.TrialIndex != null && ids.Contains(j.TuningJobId.Value))
            .Select(j => new { j.TuningJobId, j.TrialIndex, j.Status, j.StopReason }).ToListAsync(ct)).ToLookup(t => t.TuningJobId!.Value);
        // Counted per trial, as GET by id counts them: a cross-validated trial's k fold jobs are one trial, in the status its folds sum up to.
        var items = jobs.ConvertAll(t => TuningJobResponse.From(t, t.CrossValidation is { } cv
            ? trials[t.Id].GroupBy(j => j.TrialIndex).Select(trial => (TuningLeaderboard.TrialStatus([.. trial.Select(j => j.Status)], cv.Folds), (string?)null)).ToList()
            : trials[t.Id].Select(j => (j.Status, j.StopReason)).ToList(), null));
        return TypedResults.Ok(new Page<TuningJobResponse>(items, total, offset, limit));
    }

    private static async Task<Results<Ok<TuningJobResponse>, ProblemHttpResult>> GetAsync(Guid id, TrainingServiceDbContext db, CancellationToken ct) =>
        await LoadAsync(id, db, ct) is { } job ? TypedResults.Ok(job) : NotFound(id);

    /// <summary>The tuning job with its trial counts and best trial, read from the leaderboard; null when there is none.</summary>
    internal static async Task<TuningJobResponse?> LoadAsync(Guid id, TrainingServiceDbContext db, CancellationToken ct)
    {
        var job = await db.TuningJobs.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (job is null)
            return null;
        var leaderboard = await TuningLeaderboard.LoadAsync(db, job, ct);
        return TuningJobResponse.From(job, leaderboard.ConvertAll(s => (s.Status, s.StopReason)), TuningLeaderboard.Best(leaderboard));
    }

    private static async Task<Results<Ok<List<TrialStanding>>, ProblemHttpResult>> GetTrialsAsync(Guid id, TrainingServiceDbContext db, CancellationToken ct)
    {
        var job = await db.TuningJobs.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        return job is null ? NotFound(id) : TypedResults.Ok(await TuningLeaderboard.LoadAsync(db, job, ct));
    }

    private static async Task<Results<Accepted<TuningJobResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, TuningJobService tuning, TrainingServiceDbContext db, CancellationToken ct)
    {
        switch (await tuning.CancelAsync(id, ct))
        {
            case CancelTuningJobOutcome.Cancelled when await LoadAsync(id, db, ct) is { } cancelled:
                return TypedResults.Accepted($"/api/tuning-jobs/{id}", cancelled);
            case CancelTuningJobOutcome.AlreadyFinished finished:
                return Problems.Conflict("The tuning job has already finished.", $"Tuning job {id} already ended as {finished.Job.Status.ToString().ToLowerInvariant()}.");
            default:
                return NotFound(id);
        }
    }

    private static async Task<Results<Ok<TuningPromotionResponse>, ProblemHttpResult>> PromoteAsync(
        Guid id, ClaimsPrincipal user, TuningPromotion promotion, CancellationToken ct)
    {
        return await promotion.PromoteAsync(id, ProductionPinApi.ActorOf(user), ct) switch
        {
            PromoteTuningJobOutcome.Promoted promoted => TypedResults.Ok(TuningPromotionResponse.From(promoted)),
            PromoteTuningJobOutcome.NothingToPromote nothing => Problems.Conflict("The tuning job has no trained model to promote yet.", nothing.Detail),
            _ => NotFound(id),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, TuningJobService tuning, CancellationToken ct)
    {
        return await tuning.DeleteAsync(id, ct) switch
        {
            DeleteTrainingJobOutcome.Deleted => TypedResults.NoContent(),
            DeleteTrainingJobOutcome.NotFinished notFinished => Problems.Conflict("The tuning job has not finished.",
                $"Tuning job {id} is {notFinished.Status.ToString().ToLowerInvariant()}; cancel it with POST /api/tuning-jobs/{id}/cancel first."),
            _ => NotFound(id),
        };
    }

    private static ProblemHttpResult NotFound(Guid id) => Problems.NotFound("tuning job", id);
}
