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
    public async Task GetSwaggerUi_Always_ServesPageBoundToOpenApiDocument()
    {
        var client = factory.CreateClient();

        var page = await client.GetAsync("/swagger/index.html");
        var initializer = await client.GetStringAsync("/swagger/index.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger-ui", await page.Content.ReadAsStringAsync());
        Assert.Contains("/openapi/v1.json", initializer);
    }
}
