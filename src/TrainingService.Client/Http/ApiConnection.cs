using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace TrainingService.Client;

/// <summary>
/// What every part of the client shares: the HttpClient, the key (sent per request, so a shared HttpClient is
/// never changed), the base address and the one place a refused response becomes a <see cref="TrainingServiceException"/>.
/// </summary>
internal sealed class ApiConnection
{
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly HttpClient http;
    private readonly string? apiKey;
    private readonly Uri baseAddress;

    public ApiConnection(HttpClient http, string? apiKey)
    {
        this.http = http;
        this.apiKey = apiKey;
        var address = http.BaseAddress ?? throw new ArgumentException("The HttpClient needs a BaseAddress: the service's root URL.", nameof(http));
        // Relative route paths resolve under the base address's own path only when it ends with a slash.
        baseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
    }

    public HttpRequestMessage Request(ApiRoute route, object[] routeValues, string? query = null, HttpContent? content = null)
    {
        string path = route.Expand(routeValues);
        var request = new HttpRequestMessage(new HttpMethod(route.Method), new Uri(baseAddress, query is null ? path : $"{path}?{query}"))
        {
            Content = content,
        };
        if (apiKey is not null)
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);
        return request;
    }

    /// <summary>Sends and returns the response once its headers are in; throws the problem details of a refusal.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            return await response.Content.ReadFromJsonAsync<T>(ClientJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} without a body.");
        }
    }

    public Task<T> GetAsync<T>(ApiRoute route, object[] routeValues, string? query, CancellationToken cancellationToken) =>
        SendAsync<T>(Request(route, routeValues, query), cancellationToken);

    /// <summary>A call with a JSON body (or none); the route's method, POST or PUT.</summary>
    public Task<T> SendJsonAsync<T>(ApiRoute route, object[] routeValues, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(Request(route, routeValues, content: body is null ? null : JsonContent.Create(body, body.GetType(), options: ClientJson.Options)), cancellationToken);

    /// <summary>A call answered with 204 and no body (deletes).</summary>
    public async Task SendNoContentAsync(ApiRoute route, object[] routeValues, CancellationToken cancellationToken)
    {
        using var request = Request(route, routeValues);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens an event stream (<c>text/event-stream</c>), resuming after <paramref name="lastEventId"/> when given.</summary>
    public async Task<HttpResponseMessage> ConnectEventStreamAsync(ApiRoute route, object[] routeValues, string? query, long? lastEventId, CancellationToken cancellationToken)
    {
        using var request = Request(route, routeValues, query);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        // So a refusal (404, 401) comes as problem details rather than the status-code page's plain text.
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json", 0.5));
        if (lastEventId is { } id)
            request.Headers.TryAddWithoutValidation("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        MarkLongRunning(request);
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks a request whose duration the caller governs (uploads, event streams): no attempt or total timeout applies.</summary>
    public static void MarkLongRunning(HttpRequestMessage request) => request.Options.Set(TrainingServiceResilience.LongRunning, true);

    public static string Query(params (string Name, object? Value)[] parameters)
    {
        var query = new System.Text.StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null)
                continue;
            string text = value switch
            {
                bool b => b ? "true" : "false",
                Enum e => JsonNamingCamel(e.ToString()),
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString()!,
            };
            query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(text));
        }

        return query.ToString();
    }

    private static string JsonNamingCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
