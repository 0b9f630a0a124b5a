using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Predictions;
using TrainingService.Api.Tests.Training;

namespace TrainingService.Api.Tests.Identity;

/// <summary>
/// Every route of the app, as its own endpoint data source lists it, needs a key, and answers another tenant's ids
/// exactly like missing ones. A route added later is enumerated here too: one whose route parameters this test cannot
/// fill fails it until the map below names them.
/// </summary>
public sealed class EndpointAuthorizationTests(TrainedModelFactory factory) : IClassFixture<TrainedModelFactory>
{
    [Fact]
    public async Task EveryApiRoute_WithoutKey_Returns401Problem()
    {
        using var anonymous = factory.CreateClientWithKey(null);
        var owned = await OwnedIdsAsync();

        foreach (var (method, path) in ApiRoutes(owned))
        {
            using var response = await anonymous.SendAsync(Request(method, path), HttpCompletionOption.ResponseHeadersRead);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without a key");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryApiRoute_AnotherTenantsIds_Returns404OrForbidsAdministratorRoutes()
    {
        var owned = await OwnedIdsAsync();
        var (_, otherKey) = await factory.CreateTenantAsync("other");
        using var other = factory.CreateClientWithKey(otherKey);

        foreach (var (method, path) in ApiRoutes(owned))
        {
            // Headers only: an event stream's body is open-ended (the status line is what this test is about).
            using var response = await other.SendAsync(Request(method, path), HttpCompletionOption.ResponseHeadersRead);
            var status = response.StatusCode;

            if (path.StartsWith("/api/tenants", StringComparison.Ordinal))
                Assert.True(status == HttpStatusCode.Forbidden, $"{method} {path} answered {(int)status} to a tenant's key");
            else if (owned.Values.Any(id => path.Contains(id.ToString(), StringComparison.Ordinal)))
                Assert.True(status == HttpStatusCode.NotFound, $"{method} {path} answered {(int)status} to another tenant");
            else
                Assert.True((int)status < 500 && status != HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)status} to another tenant");
        }

        // Nothing the other tenant sent (deletes, cancels) touched the owner's objects.
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/datasets/{owned["dataset"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/models/{owned["model"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/training-jobs/{owned["job"]}/model")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/models/{owned["model"]}/predictions/{owned["prediction"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/tuning-jobs/{owned["tuning"]}")).StatusCode);
    }

    [Fact]
    public async Task Lists_AnotherTenant_SeeNoneOfTheOwnersObjects()
    {
        var owned = await OwnedIdsAsync();
        var (_, otherKey) = await factory.CreateTenantAsync("lister");
        using var other = factory.CreateClientWithKey(otherKey);

        foreach (string list in new[] { "/api/datasets", "/api/models", "/api/training-jobs", "/api/tuning-jobs", "/api/keys" })
        {
            using var response = await other.GetAsync(list);
            string body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(owned.Values, id => body.Contains(id.ToString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task CreateJob_AnotherTenantsModelAndDataset_Returns400NamingBothFields()
    {
        var (_, otherKey) = await factory.CreateTenantAsync("borrower");
        using var other = factory.CreateClientWithKey(otherKey);

        var response = await other.PostAsJsonAsync("/api/training-jobs", new { modelId = factory.ClassifierId, datasetId = factory.ClassificationDatasetId });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("No model with id", errors.GetProperty("modelId")[0].GetString());
        Assert.Contains("No dataset with id", errors.GetProperty("datasetId")[0].GetString());
    }

    [Fact]
    public async Task Predict_AnotherTenantsDatasetOrJobInTheBody_Returns400NamingTheField()
    {
        var (_, otherKey) = await factory.CreateTenantAsync("predictor");
        using var other = factory.CreateClientWithKey(otherKey);
        Guid dataset = await TrainingScenario.UploadAsync(other, TrainingScenario.ClassificationCsv(60));
        Guid model = await TrainingScenario.CreateModelAsync(other, TrainingScenario.Model("classification", "label"));
        Guid job = await TrainingScenario.StartJobAsync(other, new { modelId = model, datasetId = dataset, epochs = 2 });
        await TrainingScenario.WaitUntilFinishedAsync(other, job);

        var withDataset = await other.PostAsJsonAsync($"/api/models/{model}/predictions", new { datasetId = factory.ClassificationDatasetId });
        var withJob = await other.PostAsJsonAsync($"/api/models/{model}/predictions",
            new { trainingJobId = factory.ClassifierJobId, rows = new[] { new { x = 1.0, y = 1.0, shade = "dark" } } });

        Assert.Equal(HttpStatusCode.BadRequest, withDataset.StatusCode);
        Assert.Contains("No dataset with id", (await withDataset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("datasetId")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, withJob.StatusCode);
        Assert.True((await withJob.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("trainingJobId", out _));
    }

    /// <summary>The default tenant's objects: the trained classifier, its job and dataset, a stored prediction and a key.</summary>
    private async Task<Dictionary<string, Guid>> OwnedIdsAsync()
    {
        var client = factory.CreateClient();
        var prediction = await client.PostAsJsonAsync($"/api/models/{factory.ClassifierId}/predictions",
            new { rows = new[] { new { x = 1.0, y = 1.0, shade = "dark" } } });
        var key = await client.PostAsJsonAsync("/api/keys", new { name = "owned" });
        var tuning = await client.PostAsJsonAsync("/api/tuning-jobs", new
        {
            modelId = factory.ClassifierId, datasetId = factory.ClassificationDatasetId, epochs = 1, maxTrials = 1,
            searchSpace = new Dictionary<string, object> { ["optimizer.learningRate"] = new { type = "float", min = 0.001, max = 0.01 } },
        });
        return new Dictionary<string, Guid>
        {
            ["dataset"] = factory.ClassificationDatasetId,
            ["model"] = factory.ClassifierId,
            ["job"] = factory.ClassifierJobId,
            ["prediction"] = (await prediction.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            ["key"] = (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            ["tuning"] = (await tuning.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            ["tenant"] = factory.TenantId,
        };
    }

    /// <summary>Every /api route with its parameters filled from <paramref name="owned"/>, by the resource the route is under.</summary>
    private List<(HttpMethod Method, string Path)> ApiRoutes(Dictionary<string, Guid> owned)
    {
        var routes = new List<(HttpMethod, string)>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            string pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal))
                continue;
            string path = pattern;
            foreach (var parameter in endpoint.RoutePattern.Parameters)
                path = path.Replace(pattern[pattern.IndexOf("{" + parameter.Name, StringComparison.Ordinal)..(pattern.IndexOf('}', pattern.IndexOf("{" + parameter.Name, StringComparison.Ordinal)) + 1)],
                    IdFor(pattern, parameter.Name, owned));
            foreach (string method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                routes.Add((new HttpMethod(method), path));
        }

        Assert.True(routes.Count >= 20, $"only {routes.Count} routes found");
        return routes;
    }

    private static string IdFor(string pattern, string parameter, Dictionary<string, Guid> owned) => parameter switch
    {
        "predictionId" => owned["prediction"].ToString(),
        "modelId" => owned["model"].ToString(),
        "id" when pattern.StartsWith("/api/datasets/", StringComparison.Ordinal) => owned["dataset"].ToString(),
        "id" when pattern.StartsWith("/api/models/", StringComparison.Ordinal) => owned["model"].ToString(),
        "id" when pattern.StartsWith("/api/training-jobs/", StringComparison.Ordinal) => owned["job"].ToString(),
        "id" when pattern.StartsWith("/api/keys/", StringComparison.Ordinal) => owned["key"].ToString(),
        "id" when pattern.StartsWith("/api/tuning-jobs/", StringComparison.Ordinal) => owned["tuning"].ToString(),
        "id" when pattern.StartsWith("/api/tenants/", StringComparison.Ordinal) => owned["tenant"].ToString(),
        // A column of the owned classification dataset (x, y, shade, label).
        "name" when pattern.StartsWith("/api/datasets/", StringComparison.Ordinal) => "x",
        _ => throw new Xunit.Sdk.XunitException($"Route {pattern}: no owned object for parameter '{parameter}'. Add it to {nameof(IdFor)}."),
    };

    private static HttpRequestMessage Request(HttpMethod method, string path) =>
        new(method, path) { Content = method == HttpMethod.Get || method == HttpMethod.Delete ? null : JsonContent.Create(new { }) };
}
