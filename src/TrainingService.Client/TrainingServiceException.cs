using System.Net;
using System.Text.Json;

namespace TrainingService.Client;

/// <summary>
/// The service refused a request: the status code and the RFC 7807 problem details it answered with, including the
/// field errors of a 400 (<see cref="Errors"/>, keyed by field path such as <c>layers[1].rate</c>). Tell the cases
/// apart by <see cref="StatusCode"/> or the <c>Is…</c> properties.
/// </summary>
public sealed class TrainingServiceException : Exception
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public TrainingServiceException(
        HttpStatusCode statusCode,
        string? title,
        string? detail,
        IReadOnlyDictionary<string, string[]>? errors = null,
        IReadOnlyDictionary<string, JsonElement>? extensions = null,
        TimeSpan? retryAfter = null)
        : base(Describe(statusCode, title, detail, errors))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors ?? NoErrors;
        Extensions = extensions ?? new Dictionary<string, JsonElement>();
        RetryAfter = retryAfter;
    }

    public HttpStatusCode StatusCode { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>Validation errors by field path; empty unless the service named fields.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The problem's other members: <c>traceId</c>, a CSV error's <c>line</c>/<c>column</c>, a quota's <c>limit</c>/<c>used</c>…</summary>
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; }

    /// <summary>The service's <c>Retry-After</c> on a 429 or 503, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>400: the request is invalid; see <see cref="Errors"/>.</summary>
    public bool IsValidationError => StatusCode == HttpStatusCode.BadRequest;

    /// <summary>401: no key, or the key is unknown or revoked.</summary>
    public bool IsUnauthorized => StatusCode == HttpStatusCode.Unauthorized;

    /// <summary>403: the key is valid but may not call this route (a tenant key on an administrator route).</summary>
    public bool IsForbidden => StatusCode == HttpStatusCode.Forbidden;

    /// <summary>404: no such id for this tenant.</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>409: the resource is not in a state for this (a running job, a model without a trained job).</summary>
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;

    /// <summary>429: a quota or the rate limit.</summary>
    public bool IsTooManyRequests => StatusCode == HttpStatusCode.TooManyRequests;

    private static string Describe(HttpStatusCode status, string? title, string? detail, IReadOnlyDictionary<string, string[]>? errors)
    {
        var text = new System.Text.StringBuilder();
        text.Append((int)status).Append(' ').Append(title ?? status.ToString());
        if (!string.IsNullOrEmpty(detail))
            text.Append(": ").Append(detail);
        if (errors is { Count: > 0 })
        {
            foreach (var (field, messages) in errors)
                text.Append(Environment.NewLine).Append("  ").Append(field).Append(": ").Append(string.Join(" ", messages));
        }

        return text.ToString();
    }
}
