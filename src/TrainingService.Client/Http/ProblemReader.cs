using System.Net.Http.Headers;
using System.Text.Json;

namespace TrainingService.Client;

/// <summary>Turns a refused response into a <see cref="TrainingServiceException"/> from its problem details body.</summary>
internal static class ProblemReader
{
    // An error body is read whole; a misbehaving proxy's multi-megabyte page is not worth holding.
    private const int MaxBodyChars = 64 * 1024;

    public static async Task<TrainingServiceException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await ReadBodyAsync(response, cancellationToken);
        var retryAfter = RetryAfterOf(response.Headers.RetryAfter);
        if (body.Length > 0 && IsJson(response.Content.Headers.ContentType))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                    return FromProblem(response, document.RootElement, retryAfter);
            }
            catch (JsonException)
            {
                // Not problem details after all: fall through to the plain text.
            }
        }

        string text = body.Trim();
        return new TrainingServiceException(response.StatusCode, response.ReasonPhrase, text.Length > 0 ? text : null, retryAfter: retryAfter);
    }

    private static TrainingServiceException FromProblem(HttpResponseMessage response, JsonElement problem, TimeSpan? retryAfter)
    {
        string? title = null, detail = null;
        Dictionary<string, string[]>? errors = null;
        var extensions = new Dictionary<string, JsonElement>();
        foreach (var property in problem.EnumerateObject())
        {
            switch (property.Name)
            {
                case "title":
                    title = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    break;
                case "detail":
                    detail = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    break;
                case "errors" when property.Value.ValueKind == JsonValueKind.Object:
                    errors = ErrorsOf(property.Value);
                    break;
                case "status":
                    break;
                default:
                    extensions[property.Name] = property.Value.Clone();
                    break;
            }
        }

        return new TrainingServiceException(response.StatusCode, title, detail, errors, extensions, retryAfter);
    }

    private static Dictionary<string, string[]> ErrorsOf(JsonElement errors)
    {
        var result = new Dictionary<string, string[]>();
        foreach (var field in errors.EnumerateObject())
        {
            result[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.Array => [.. field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m.GetRawText())],
                JsonValueKind.String => [field.Value.GetString()!],
                _ => [field.Value.GetRawText()],
            };
        }

        return result;
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        var buffer = new char[MaxBodyChars];
        int read = await reader.ReadBlockAsync(buffer, cancellationToken);
        return new string(buffer, 0, read);
    }

    private static bool IsJson(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is { } media && (media.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? retryAfter) =>
        retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
}
