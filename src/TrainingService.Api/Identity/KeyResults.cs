using Microsoft.AspNetCore.Http.HttpResults;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Identity;

namespace TrainingService.Api.Identity;

/// <summary>The HTTP answers to a <see cref="CreateKeyOutcome"/>.</summary>
internal static class KeyResults
{
    public static Results<Created<T>, ValidationProblem, ProblemHttpResult> From<T>(
        CreateKeyOutcome outcome, Func<CreateKeyOutcome.Created, (string Location, T Body)> created, Guid? tenantId = null) => outcome switch
    {
        CreateKeyOutcome.Created c => Created(created(c)),
        CreateKeyOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
        CreateKeyOutcome.NotFound => Problems.NotFound("tenant", tenantId ?? Guid.Empty),
        CreateKeyOutcome.NameTaken taken => Problems.Conflict("The tenant name is taken.", $"A tenant named '{taken.Name}' exists; choose another name."),
        _ => throw new InvalidOperationException($"Unhandled outcome {outcome}"),
    };

    private static Created<T> Created<T>((string Location, T Body) created) => TypedResults.Created(created.Location, created.Body);
}
