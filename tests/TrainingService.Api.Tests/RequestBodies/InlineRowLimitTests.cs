using System.Net;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Models;

namespace TrainingService.Api.Tests.RequestBodies;

/// <summary>Inline prediction rows have a count limit besides the body's byte limit: small rows fit many to a MiB.</summary>
public sealed class InlineRowLimitTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task CreatePrediction_MoreRowsThanMaxInlineRows_Returns400AtRowsNamingTheLimit()
    {
        var client = factory.CreateClient();
        Guid model = await ModelJson.CreateAsync(client, "rows");
        // 100,001 empty rows: some 300 KB, well inside the body limit, so the row count is what refuses them.
        string json = $$"""{"rows":[{{string.Join(',', Enumerable.Repeat("{}", 100_001))}}]}""";

        var response = await RawJson.PostAsync(client, $"/api/models/{model}/predictions", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string message = Assert.Single(ModelJson.Errors(await RawJson.ReadAsync(response), "rows"));
        Assert.Contains("At most 100000 rows", message);
    }
}
