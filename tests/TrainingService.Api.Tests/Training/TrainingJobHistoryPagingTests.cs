using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;
using TrainingService.Core.Training;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// GET /history pages by epoch: <c>since</c> (epochs after it) and <c>limit</c>, a Link to the next page while more
/// follow, and without parameters every epoch up to the largest limit. The epochs are written straight into the
/// history of a queued job, so 1,001 of them cost no training.
/// </summary>
public sealed class TrainingJobHistoryPagingTests(QueuedOnlyApiFactory factory) : IClassFixture<QueuedOnlyApiFactory>
{
    [Fact]
    public async Task GetHistory_SinceAndLimit_ReturnsThoseEpochsInOrderWithALinkWhileMoreFollow()
    {
        var client = factory.CreateClient();
        Guid job = await JobWithEpochsAsync(client, 5);

        var first = await client.GetAsync($"/api/training-jobs/{job}/history?since=0&limit=2");
        var middle = await client.GetAsync($"/api/training-jobs/{job}/history?since=2&limit=2");
        var last = await client.GetAsync($"/api/training-jobs/{job}/history?since=4&limit=2");
        var after = await client.GetAsync($"/api/training-jobs/{job}/history?since=5");

        Assert.Equal(new[] { 1, 2 }, await EpochsAsync(first));
        Assert.Equal($"</api/training-jobs/{job}/history?since=2&limit=2>; rel=\"next\"", first.Headers.GetValues("Link").Single());
        Assert.Equal(new[] { 3, 4 }, await EpochsAsync(middle));
        Assert.Equal($"</api/training-jobs/{job}/history?since=4&limit=2>; rel=\"next\"", middle.Headers.GetValues("Link").Single());
        Assert.Equal(new[] { 5 }, await EpochsAsync(last));
        Assert.False(last.Headers.Contains("Link"));
        Assert.Empty(await EpochsAsync(after));
        Assert.False(after.Headers.Contains("Link"));
    }

    [Fact]
    public async Task GetHistory_NoParameters_ReturnsTheFirstThousandEpochsAsABareArrayAndLinksTheRest()
    {
        var client = factory.CreateClient();
        Guid job = await JobWithEpochsAsync(client, 1001);

        var response = await client.GetAsync($"/api/training-jobs/{job}/history");
        var rest = await client.GetAsync($"/api/training-jobs/{job}/history?since=1000&limit=1000");

        Assert.Equal(Enumerable.Range(1, 1000), await EpochsAsync(response));
        Assert.Equal($"</api/training-jobs/{job}/history?since=1000&limit=1000>; rel=\"next\"", response.Headers.GetValues("Link").Single());
        Assert.Equal(new[] { 1001 }, await EpochsAsync(rest));
    }

    [Theory]
    [InlineData("since=-1", "since")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task GetHistory_OutOfBounds_Returns400NamingTheParameter(string query, string field)
    {
        var client = factory.CreateClient();
        Guid job = await JobWithEpochsAsync(client, 1);

        var response = await client.GetAsync($"/api/training-jobs/{job}/history?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(await TrainingScenario.ErrorsAsync(response, field));
    }

    [Fact]
    public async Task GetHistory_UnknownJobWithPaging_Returns404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"/api/training-jobs/{Guid.NewGuid()}/history?since=3&limit=2")).StatusCode);

    private async Task<Guid> JobWithEpochsAsync(HttpClient client, int epochs)
    {
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.RegressionCsv(30));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("regression", "target"));
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = Math.Max(epochs, 1) });
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        // Out of order, so the test sees the endpoint's ordering rather than the insertion's.
        db.TrainingEpochs.AddRange(Enumerable.Range(1, epochs).Reverse().Select(e => new TrainingEpoch
        {
            TrainingJobId = job, Epoch = e, TrainLoss = 1.0 / e, LearningRate = 0.01, DurationMs = 1,
        }));
        await db.SaveChangesAsync();
        return job;
    }

    private static async Task<int[]> EpochsAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()).ToArray();
    }
}
