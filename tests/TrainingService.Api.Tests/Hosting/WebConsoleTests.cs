using System.Net;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Hosting;

/// <summary>The console's pages at / (the browser test in TrainingService.Console.Tests drives them).</summary>
public sealed class WebConsoleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task GetRoot_WithoutKey_ServesTheConsoleUnderAStrictContentSecurityPolicy()
    {
        using var anonymous = factory.CreateClientWithKey(null);

        var page = await anonymous.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"sign-in-form\"", html);
        string policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.DoesNotContain("unsafe", policy);
        Assert.DoesNotContain("http", html.Split("<body>")[0], StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/lib/uPlot.iife.min.js", "text/javascript")]
    [InlineData("/lib/uPlot.min.css", "text/css")]
    [InlineData("/js/app.js", "text/javascript")]
    public async Task GetAsset_ChartLibraryAndScripts_ServedFromTheBuild(string path, string mediaType)
    {
        using var anonymous = factory.CreateClientWithKey(null);

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task GetApiRoute_WithoutKey_Still401()
    {
        using var anonymous = factory.CreateClientWithKey(null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/no-such-page")).StatusCode);
    }
}
