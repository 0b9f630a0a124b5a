using Microsoft.AspNetCore.Http.HttpResults;

namespace TrainingService.Api.Infrastructure;

/// <summary>The not-found and conflict problem details every feature answers with, worded one way.</summary>
public static class Problems
{
    /// <param name="resource">What was looked up, in words: "model", "training job".</param>
    public static ProblemHttpResult NotFound(string resource, Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{char.ToUpperInvariant(resource[0])}{resource[1..]} not found.",
            detail: $"No {resource} with id {id}.");

    /// <summary>429 naming the quota (its configuration name), its limit and the tenant's current use.</summary>
    public static ProblemHttpResult QuotaExceeded(Core.Identity.QuotaExceeded quota) =>
        TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: $"Quota {quota.Quota} reached.", detail: quota.Detail,
            extensions: new Dictionary<string, object?> { ["quota"] = quota.Quota, ["limit"] = quota.Limit, ["used"] = quota.Used });

    public static ProblemHttpResult Conflict(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail, extensions: extensions);

    /// <summary>A delete refused because queued or running training jobs use the resource; names them under <c>trainingJobIds</c>.</summary>
    public static ProblemHttpResult InUse(string resource, Guid id, IReadOnlyList<Guid> trainingJobIds) =>
        Conflict($"The {resource} is in use.",
            $"Training jobs {string.Join(", ", trainingJobIds)} are queued or running on {resource} {id}; cancel them or wait until they finish.",
            new Dictionary<string, object?> { ["trainingJobIds"] = trainingJobIds });
}
