using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using TrainingService.Api.Tests.Datasets;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;

namespace TrainingService.Api.Tests.Identity;

/// <summary>Per-tenant quotas and the per-key request rate, each refused with a 429 naming the quota, its limit and use.</summary>
public sealed class QuotaTests(QuotaTests.SmallQuotaApiFactory factory) : IClassFixture<QuotaTests.SmallQuotaApiFactory>
{
    [Fact]
    public async Task Upload_AtMaxDatasets_Returns429NamingTheQuotaUntilOneIsDeleted()
    {
        var (_, key) = await factory.CreateTenantAsync("uploader");
        using var client = factory.CreateClientWithKey(key);
        var first = await DatasetRequests.UploadOkAsync(client, "a,b\n1,2\n");
        await DatasetRequests.UploadOkAsync(client, "a,b\n3,4\n");

        using var refused = await DatasetRequests.UploadAsync(client, "a,b\n5,6\n");

        await AssertQuotaAsync(refused, "MaxDatasets", limit: 2, used: 2);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/datasets/{first.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await DatasetRequests.UploadAsync(client, "a,b\n5,6\n")).StatusCode);
    }

    [Fact]
    public async Task CreateJob_AtMaxActiveJobs_Returns429NamingTheQuota()
    {
        var (_, key) = await factory.CreateTenantAsync("trainer");
        using var client = factory.CreateClientWithKey(key);
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(60));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 2 });

        using var refused = await client.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset, epochs = 2 });

        await AssertQuotaAsync(refused, "MaxActiveJobs", limit: 1, used: 1);
    }

    [Fact]
    public async Task CreateCrossValidatedJob_WithOneActiveJobSlot_Is400NamingCrossValidation()
    {
        var (_, key) = await factory.CreateTenantAsync("cross-validator");
        using var client = factory.CreateClientWithKey(key);
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(30));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));

        // The job would wait for its folds in the only slot, and no fold could ever start.
        using var refused = await client.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset, crossValidation = new { folds = 2 } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("two active-job slots", (await TrainingScenario.ErrorsAsync(refused, "crossValidation"))[0]);
    }

    [Fact]
    public async Task Requests_OverRequestsPerMinute_Return429WithRetryAfter()
    {
        var (_, key) = await factory.CreateTenantAsync("chatty");
        using var client = factory.CreateClientWithKey(key);

        var statuses = new List<HttpResponseMessage>();
        for (int i = 0; i < SmallQuotaApiFactory.RequestsPerMinute + 5; i++)
            statuses.Add(await client.GetAsync("/api/models"));

        Assert.Equal(SmallQuotaApiFactory.RequestsPerMinute, statuses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = statuses.Last();
        Assert.NotNull(refused.Headers.RetryAfter);
        await AssertQuotaAsync(refused, "RequestsPerMinute", limit: SmallQuotaApiFactory.RequestsPerMinute, used: SmallQuotaApiFactory.RequestsPerMinute);
        // Another key's budget is its own.
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/api/models")).StatusCode);
    }

    private static async Task AssertQuotaAsync(HttpResponseMessage response, string quota, long limit, long used)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(quota, problem.GetProperty("quota").GetString());
        Assert.Equal(limit, problem.GetProperty("limit").GetInt64());
        Assert.Equal(used, problem.GetProperty("used").GetInt64());
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString());
    }

    public sealed class SmallQuotaApiFactory : ApiFactory
    {
        public const int RequestsPerMinute = 25;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Jobs stay queued (no worker here), so they stay active for the jobs quota.
            builder.UseSetting("Workers:InProcess", "false");
            builder.UseSetting("Quotas:MaxDatasets", "2");
            builder.UseSetting("Quotas:MaxActiveJobs", "1");
            builder.UseSetting("Quotas:RequestsPerMinute", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
