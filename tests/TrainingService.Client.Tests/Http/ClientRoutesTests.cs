using System.Text.Json;
using System.Text.RegularExpressions;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Http;

/// <summary>Keeps the hand-written client in step with the service: its route list against the Api's own OpenAPI document.</summary>
public sealed partial class ClientRoutesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task EveryApiRouteInTheOpenApiDocument_HasAClientMethod()
    {
        var documented = await DocumentedRoutesAsync();
        var client = TrainingServiceClient.Routes.Select(r => Key(r.Method, r.Template)).ToHashSet();

        var missing = documented.Where(r => !client.Contains(r)).Order().ToList();

        Assert.True(missing.Count == 0, $"Routes of /openapi/v1.json the client does not call: {string.Join(", ", missing)}");
        Assert.Contains("GET /api/training-jobs/{}/history", documented); // the document was read at all
    }

    /// <summary>The reverse direction: a client route the service does not have is a typo or a removed route.</summary>
    [Fact]
    public async Task EveryClientRoute_IsInTheOpenApiDocument()
    {
        var documented = await DocumentedRoutesAsync();

        var unknown = TrainingServiceClient.Routes.Select(r => Key(r.Method, r.Template)).Where(r => !documented.Contains(r)).ToList();

        Assert.True(unknown.Count == 0, $"Client routes missing from /openapi/v1.json: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Routes_AreUniqueAndNamed()
    {
        var routes = TrainingServiceClient.Routes;

        Assert.Equal(routes.Count, routes.Select(r => Key(r.Method, r.Template)).Distinct().Count());
        Assert.Equal(routes.Count, routes.Select(r => r.Name).Distinct().Count());
    }

    private async Task<HashSet<string>> DocumentedRoutesAsync()
    {
        using var http = factory.CreateHttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var routes = new HashSet<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith("/api/", StringComparison.Ordinal))
                continue;
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is "get" or "post" or "put" or "patch" or "delete")
                    routes.Add(Key(operation.Name, path.Name));
            }
        }

        return routes;
    }

    /// <summary>Method and template with parameter names left out (<c>{id}</c> and <c>{id:guid}</c> alike) and no trailing slash.</summary>
    private static string Key(string method, string template) =>
        $"{method.ToUpperInvariant()} {Parameter().Replace(template, "{}").TrimEnd('/')}";

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
