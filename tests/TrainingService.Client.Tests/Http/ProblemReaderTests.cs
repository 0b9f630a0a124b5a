using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace TrainingService.Client.Tests.Http;

/// <summary>Refusals that do not come from the service itself (a proxy's page, a bare status) still make a readable exception.</summary>
public sealed class ProblemReaderTests
{
    [Fact]
    public async Task ReadAsync_ProxyHtmlPage_BecomesTheDetail()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            ReasonPhrase = "Bad Gateway",
            Content = new StringContent("<html><body>upstream down</body></html>\n", Encoding.UTF8, "text/html"),
        };

        var error = await ProblemReader.ReadAsync(response, CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("Bad Gateway", error.Title);
        Assert.Equal("<html><body>upstream down</body></html>", error.Detail);
        Assert.Empty(error.Errors);
    }

    [Fact]
    public async Task ReadAsync_JsonThatIsNotAnObject_KeptAsText()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.InternalServerError)
        {
            Content = new StringContent("[1,2]", Encoding.UTF8, "application/json"),
        };

        var error = await ProblemReader.ReadAsync(response, CancellationToken.None);

        Assert.Equal("[1,2]", error.Detail);
    }

    [Fact]
    public async Task ReadAsync_RetryAfterSeconds_Surfaced()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent("""{"title":"Too many requests.","status":429,"errors":{"limit":"one string"}}""", Encoding.UTF8, "application/problem+json"),
        };
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        var error = await ProblemReader.ReadAsync(response, CancellationToken.None);

        Assert.True(error.IsTooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal(["one string"], error.Errors["limit"]);
        Assert.StartsWith("429 Too many requests.", error.Message);
    }
}
