using Microsoft.AspNetCore.Http.HttpResults;
using TrainingService.Core.Data;

namespace TrainingService.Api.Infrastructure;

/// <summary>The HTTP answer to a <see cref="DeleteOutcome"/>: 204, 404, or 409 naming the jobs in the way.</summary>
public static class DeleteResults
{
    public static Results<NoContent, ProblemHttpResult> From(DeleteOutcome outcome, string resource, Guid id) => outcome switch
    {
        DeleteOutcome.Deleted => TypedResults.NoContent(),
        DeleteOutcome.NotFound => Problems.NotFound(resource, id),
        DeleteOutcome.InUse inUse => Problems.InUse(resource, id, inUse.TrainingJobIds),
        _ => throw new InvalidOperationException($"Unhandled outcome {outcome}"),
    };
}
