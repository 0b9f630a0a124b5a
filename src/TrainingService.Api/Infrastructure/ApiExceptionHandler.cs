using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace TrainingService.Api.Infrastructure;

/// <summary>
/// Maps the few exceptions that describe the client's mistake to 4xx problem details; everything else stays a 500
/// for the default handler, so real faults are not disguised as bad input.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } bad => InvalidJson(bad.StatusCode, json),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message },
            _ => null,
        };
        if (problem is null)
            return false;

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    /// <summary>
    /// A body that is not JSON, or whose JSON does not fit the request type: where it went wrong (1-based line and byte
    /// position, as editors count) and, under <c>errors</c>, the field path the other 400s use ("layers[0].units").
    /// </summary>
    private static HttpValidationProblemDetails InvalidJson(int status, JsonException json)
    {
        string field = json.Path is null or "$" ? "$" : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path;
        string reason = Reason(json.Message);
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
        {
            Status = status,
            Title = "The request body is not valid JSON for this request.",
            Detail = json.LineNumber is { } line ? $"Line {line + 1}, position {json.BytePositionInLine + 1}: {reason}" : reason,
        };
        if (json.LineNumber is { } lineNumber)
        {
            problem.Extensions["line"] = lineNumber + 1;
            problem.Extensions["position"] = json.BytePositionInLine + 1;
        }

        return problem;
    }

    // System.Text.Json appends the path and 0-based position (given separately above) and, for a value of the wrong
    // type, names the .NET type it was converting to, which means nothing to a client.
    private static string Reason(string message)
    {
        int suffix = message.IndexOf(" Path: ", StringComparison.Ordinal);
        string reason = suffix > 0 ? message[..suffix] : message;
        return reason.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal)
            ? "The value has the wrong JSON type for this field (e.g. a string where a number is expected)."
            : reason;
    }
}
