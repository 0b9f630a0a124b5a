using Microsoft.AspNetCore.Http.HttpResults;

namespace TrainingService.Api.Datasets;

/// <summary>The id of the stored dataset, or the problem to answer with (when <see cref="Result"/> is set).</summary>
internal sealed record UploadOutcome(Guid DatasetId, Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>? Result);
