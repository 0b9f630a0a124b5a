using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TrainingService.Api.Tests.Models;

/// <summary>Posting raw JSON, so tests control the exact wire shape (including what a typed client could not send).</summary>
internal static class ModelJson
{
    public const string Minimal = """{ "name": "minimal", "task": "classification", "targetColumn": "label" }""";

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.PostAsync("/api/models", content);
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static async Task<Guid> CreateAsync(HttpClient client, string name)
    {
        var response = await PostAsync(client, $$"""{ "name": "{{name}}", "task": "regression", "targetColumn": "y" }""");
        response.EnsureSuccessStatusCode();
        return (await ReadAsync(response)).GetProperty("id").GetGuid();
    }

    /// <summary>The messages of a validation problem's <c>errors</c> entry for <paramref name="key"/>.</summary>
    public static string[] Errors(JsonElement problem, string key) =>
        [.. problem.GetProperty("errors").GetProperty(key).EnumerateArray().Select(e => e.GetString()!)];
}
