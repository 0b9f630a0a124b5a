using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TrainingService.Core.Identity;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace TrainingService.Api.Infrastructure;

/// <summary>
/// Maps the few exceptions that describe the client's mistake to 4xx problem details; everything else stays a 500
/// for the default handler, so real faults are not disguised as bad input.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problemDetails, IOptions<HttpJsonOptions> json) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException { Path: { } path } } bad when UnknownProperty(httpContext, path) is { } unknown =>
                UnknownPropertyProblem(bad.StatusCode, path, unknown),
            BadHttpRequestException { InnerException: JsonException invalid } bad => InvalidJson(bad.StatusCode, invalid),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message },
            // A key taken from the cache and found revoked by the handler: the same 401 as the key handler's.
            ApiKeyRevokedException revoked => new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "Authentication required.", Detail = revoked.Message },
            _ => null,
        };
        if (problem is null)
            return false;
        if (exception is ApiKeyRevokedException)
            httpContext.Response.Headers.WWWAuthenticate = Identity.ApiKeyAuthenticationHandler.Challenge;

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    // The exception handler runs with the endpoint cleared; the feature keeps the one that threw.
    private UnknownJsonProperty? UnknownProperty(HttpContext httpContext, string path) =>
        httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } requestType
            ? UnknownJsonProperty.Find(json.Value.SerializerOptions, requestType, path)
            : null;

    /// <summary>A property the request type does not have, keyed by its path like every other 400, with the names allowed beside it.</summary>
    private static HttpValidationProblemDetails UnknownPropertyProblem(int status, string path, UnknownJsonProperty unknown)
    {
        string message = $"Unknown property '{unknown.Name}'; the properties allowed here are: {string.Join(", ", unknown.Allowed)}.";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [Field(path)] = [message] })
        {
            Status = status,
            Title = "The request body has a property this request does not accept.",
            Detail = $"{Field(path)}: {message}",
        };
    }

    /// <summary>
    /// A body that is not JSON, or whose JSON does not fit the request type: where it went wrong (1-based line and byte
    /// position, as editors count) and, under <c>errors</c>, the field path the other 400s use ("layers[0].units").
    /// </summary>
    private static HttpValidationProblemDetails InvalidJson(int status, JsonException json)
    {
        string reason = Reason(json.Message);
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [Field(json.Path)] = [reason] })
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

    /// <summary>System.Text.Json's "$.layers[0].units" as the "layers[0].units" the validators' 400s use.</summary>
    private static string Field(string? path) =>
        path is null or "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

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
