using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.RequestBodies;

/// <summary>
/// Every JSON body has a limit, answered with a 413 naming it and its setting, with or without a Content-Length.
/// Over Kestrel and real HTTP: the in-memory test server buffers a request body and gives it a Content-Length, so it
/// could never send a chunked one.
/// </summary>
public sealed class JsonBodyLimitTests(JsonBodyLimitTests.SmallLimitApiFactory factory) : IClassFixture<JsonBodyLimitTests.SmallLimitApiFactory>
{
    private const int JsonLimit = 1024;
    private const int PredictionLimit = 4096;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateModel_BodyOverMaxJsonBodyBytes_Returns413NamingLimitAndSetting(bool chunked)
    {
        var response = await RawJson.PostAsync(factory.CreateRawClient(), "/api/models", Padded("""{ "name": "m", "task": "regression", "targetColumn": "y" }""", 2 * JsonLimit), chunked);

        await AssertTooLargeAsync(response, JsonLimit, "Api__MaxJsonBodyBytes");
    }

    [Fact]
    public async Task CreateModel_BodyJustUnderLimit_IsCreated()
    {
        var response = await RawJson.PostAsync(factory.CreateRawClient(), "/api/models", Padded("""{ "name": "m", "task": "regression", "targetColumn": "y" }""", JsonLimit), chunked: true);

        Assert.True(HttpStatusCode.Created == response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateTrainingJob_BodyOverMaxJsonBodyBytes_Returns413(bool chunked)
    {
        var response = await RawJson.PostAsync(factory.CreateRawClient(), "/api/training-jobs",
            Padded($$"""{ "modelId": "{{Guid.NewGuid()}}", "datasetId": "{{Guid.NewGuid()}}" }""", JsonLimit + 1), chunked);

        await AssertTooLargeAsync(response, JsonLimit, "Api__MaxJsonBodyBytes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreatePrediction_BodyOverMaxPredictionBodyBytes_Returns413NamingPredictionSetting(bool chunked)
    {
        var response = await RawJson.PostAsync(factory.CreateRawClient(), $"/api/models/{Guid.NewGuid()}/predictions", Rows(PredictionLimit + 1), chunked);

        await AssertTooLargeAsync(response, PredictionLimit, "Api__MaxPredictionBodyBytes");
    }

    [Fact]
    public async Task CreatePrediction_BodyOverModelLimitButUnderItsOwn_IsRead()
    {
        // Read and bound: the unknown model is what answers, not the size.
        var response = await RawJson.PostAsync(factory.CreateRawClient(), $"/api/models/{Guid.NewGuid()}/predictions", Rows(PredictionLimit - 100), chunked: true);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task EveryRouteBindingJson_RefusesAnOversizedChunkedBody()
    {
        // Enumerated from the app's own endpoints, so a JSON route added later cannot go without a limit.
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAcceptsMetadata>().Any(a => a.ContentTypes.Any(t => t.Contains("json", StringComparison.Ordinal))))
            .ToList();
        Assert.True(routes.Count >= 3, $"found {routes.Count} JSON routes");

        foreach (var route in routes)
        {
            string method = Assert.Single(route.Metadata.GetRequiredMetadata<HttpMethodMetadata>().HttpMethods);
            var request = new HttpRequestMessage(new HttpMethod(method), PathOf(route.RoutePattern))
            {
                Content = new ByteArrayContent(Rows(PredictionLimit * 2)),
            };
            request.Content.Headers.ContentType = new("application/json");
            // The administrator's routes take the administrator's key; the body limit applies to every caller.
            bool administrator = route.RoutePattern.RawText!.TrimStart('/').StartsWith("api/tenants", StringComparison.Ordinal);
            var response = await factory.CreateRawClient(administrator ? ApiFactory.AdministratorKey : null).SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{method} {route.RoutePattern.RawText}: {response.StatusCode}");
        }
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response, long limit, string setting)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await RawJson.ReadAsync(response);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal(limit, problem.GetProperty("limitBytes").GetInt64());
        Assert.Equal(setting, problem.GetProperty("setting").GetString());
        string detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains($"{limit} bytes", detail);
        Assert.Contains(setting, detail);
    }

    /// <summary>The JSON object with spaces before its closing brace, to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(string json, int size) =>
        Encoding.UTF8.GetBytes(json[..^1] + new string(' ', size - Encoding.UTF8.GetByteCount(json)) + "}");

    /// <summary>A prediction body of inline rows, <paramref name="size"/> bytes or a few more.</summary>
    private static byte[] Rows(int size)
    {
        const string row = """{"x":1.25,"y":-0.5}""";
        var json = new StringBuilder("""{"rows":[""").Append(row);
        while (json.Length + 2 < size)
            json.Append(',').Append(row);
        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart => Guid.NewGuid().ToString(),
            _ => string.Empty,
        }))));

    public sealed class SmallLimitApiFactory : ApiFactory
    {
        public SmallLimitApiFactory() => UseKestrel(0);

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            StartServer();
        }

        /// <summary>
        /// A plain client on the listening address, calling as the factory's tenant: the factory's own client buffers
        /// every body and sends its length.
        /// </summary>
        public HttpClient CreateRawClient(string? key = null) => new()
        {
            BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()),
            DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key ?? TenantKey) },
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Api:MaxJsonBodyBytes", JsonLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Api:MaxPredictionBodyBytes", PredictionLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
