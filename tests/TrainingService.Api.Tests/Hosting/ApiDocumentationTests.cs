using System.Net;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Hosting;

public sealed class ApiDocumentationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task GetOpenApiDocument_Always_ReturnsOpenApi31Document()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
        Assert.Equal("TrainingService", document.RootElement.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task GetOpenApiDocument_WithoutKey_DeclaresTheKeyOnEveryApiOperationAndNotOnHealth()
    {
        using var anonymous = factory.CreateClientWithKey(null);

        var response = await anonymous.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString());
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                bool secured = operation.Value.TryGetProperty("security", out var security) && security.EnumerateArray().Any(r => r.TryGetProperty("ApiKey", out _));
                Assert.True(secured == path.Name.StartsWith("/api/", StringComparison.Ordinal), $"{operation.Name} {path.Name}: security {(secured ? "declared" : "missing")}");
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task GetSwaggerUi_Always_ServesPageBoundToOpenApiDocument()
    {
        var client = factory.CreateClient();

        var page = await client.GetAsync("/swagger/index.html");
        var initializer = await client.GetStringAsync("/swagger/index.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger-ui", await page.Content.ReadAsStringAsync());
        Assert.Contains("/openapi/v1.json", initializer);
    }

    [Fact]
    public async Task GetOpenApiDocument_Always_SummarizesEveryRouteAndShowsRequestExamples()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        string[] expected =
        [
            "/api/datasets", "/api/datasets/{id}", "/api/datasets/{id}/rows", "/api/models", "/api/models/{id}",
            "/api/training-jobs", "/api/training-jobs/{id}", "/api/training-jobs/{id}/history", "/api/training-jobs/{id}/model",
            "/api/training-jobs/{id}/cancel", "/api/training-jobs/validate", "/api/models/{modelId}/predictions", "/api/models/{modelId}/predictions/{predictionId}",
        ];
        Assert.All(expected, path => Assert.True(paths.TryGetProperty(path, out _), $"missing {path}"));
        foreach (var path in paths.EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), $"{operation.Name} {path.Name} has no summary");
        Assert.True(paths.GetProperty("/api/training-jobs/{id}").TryGetProperty("delete", out _), "missing DELETE /api/training-jobs/{id}");
        Assert.True(paths.GetProperty("/api/models/{modelId}/predictions/{predictionId}").TryGetProperty("delete", out _),
            "missing DELETE /api/models/{modelId}/predictions/{predictionId}");
        foreach (string path in new[] { "/api/models", "/api/training-jobs", "/api/training-jobs/validate", "/api/models/{modelId}/predictions" })
            Assert.Equal(JsonValueKind.Object, paths.GetProperty(path).GetProperty("post").GetProperty("requestBody")
                .GetProperty("content").GetProperty("application/json").GetProperty("example").ValueKind);
    }
}
