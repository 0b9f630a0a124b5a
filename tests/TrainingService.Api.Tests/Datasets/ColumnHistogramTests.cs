using System.Net;
using System.Text;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;
using static TrainingService.Api.Tests.Datasets.DatasetRequests;

namespace TrainingService.Api.Tests.Datasets;

public sealed class ColumnHistogramTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Histogram_ColumnOverSeveralChunks_CountsEveryValueInItsBin()
    {
        // 150,000 rows span three stored chunks (65,536 rows each); x cycles through 0..99, so each of 10 bins holds
        // ten distinct values, 1,500 times each.
        const int rows = 150_000;
        var csv = new StringBuilder("x,label\n", rows * 8);
        for (int r = 0; r < rows; r++)
            csv.Append(r % 100).Append(r % 2 == 0 ? ",a\n" : ",b\n");
        var client = factory.CreateClient();
        string id = (await UploadOkAsync(client, csv.ToString())).GetProperty("id").GetString()!;

        var response = await client.GetAsync($"/api/datasets/{id}/columns/x/histogram?bins=10");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var histogram = await JsonAsync(response);
        Assert.Equal("x", histogram.GetProperty("column").GetString());
        Assert.Equal(Enumerable.Repeat(15_000L, 10), histogram.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()));
        var edges = histogram.GetProperty("edges").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(11, edges.Count);
        Assert.Equal(0, edges[0]);
        Assert.Equal(9.9, edges[1], 9);
        Assert.Equal(99, edges[10]);
        Assert.Equal(0, histogram.GetProperty("missingCount").GetInt64());
    }

    [Fact]
    public async Task Histogram_MissingValues_LeftOutOfTheBinsAndCounted()
    {
        var client = factory.CreateClient();
        string id = (await UploadOkAsync(client, "v,w\n1,a\n,a\n3,a\nNA,a\n2,a\n")).GetProperty("id").GetString()!;

        var histogram = await JsonAsync(await client.GetAsync($"/api/datasets/{id}/columns/v/histogram?bins=2"));

        Assert.Equal([1L, 2L], histogram.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()));
        Assert.Equal(2, histogram.GetProperty("missingCount").GetInt64());
    }

    [Fact]
    public async Task Histogram_AllValuesEqual_OneBinHoldingThemAll()
    {
        var client = factory.CreateClient();
        string id = (await UploadOkAsync(client, "v\n4\n4\n4\n")).GetProperty("id").GetString()!;

        var histogram = await JsonAsync(await client.GetAsync($"/api/datasets/{id}/columns/v/histogram"));

        Assert.Equal([3L], histogram.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()));
        Assert.Equal([4.0, 4.0], histogram.GetProperty("edges").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public async Task Histogram_DefaultBins_Twenty()
    {
        var client = factory.CreateClient();
        string id = (await UploadOkAsync(client, "v\n0\n1\n2\n3\n")).GetProperty("id").GetString()!;

        var histogram = await JsonAsync(await client.GetAsync($"/api/datasets/{id}/columns/v/histogram"));

        Assert.Equal(20, histogram.GetProperty("counts").GetArrayLength());
        Assert.Equal(4, histogram.GetProperty("counts").EnumerateArray().Sum(c => c.GetInt64()));
    }

    [Fact]
    public async Task Histogram_CategoricalColumn_Returns400NamingName()
    {
        var client = factory.CreateClient();
        string id = (await UploadOkAsync(client, "v,shade\n1,dark\n2,light\n")).GetProperty("id").GetString()!;

        var response = await client.GetAsync($"/api/datasets/{id}/columns/shade/histogram");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("categorical", (await JsonAsync(response)).GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Histogram_BinsOutOfRange_Returns400NamingBins(int bins)
    {
        var client = factory.CreateClient();
        string id = (await UploadOkAsync(client, "v\n1\n2\n")).GetProperty("id").GetString()!;

        var response = await client.GetAsync($"/api/datasets/{id}/columns/v/histogram?bins={bins}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("bins", out _));
    }

    [Fact]
    public async Task Histogram_UnknownColumnOrDataset_Returns404Problem()
    {
        var client = factory.CreateClient();
        string id = (await UploadOkAsync(client, "v\n1\n2\n")).GetProperty("id").GetString()!;

        var unknownColumn = await client.GetAsync($"/api/datasets/{id}/columns/w/histogram");
        var unknownDataset = await client.GetAsync($"/api/datasets/{Guid.NewGuid()}/columns/v/histogram");

        Assert.Equal(HttpStatusCode.NotFound, unknownColumn.StatusCode);
        Assert.Contains("'w'", (await JsonAsync(unknownColumn)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknownDataset.StatusCode);
        Assert.Equal("application/problem+json", unknownDataset.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Histogram_ColumnNameWithSpaceAndSlashEscaped_Found()
    {
        var client = factory.CreateClient();
        string id = (await UploadOkAsync(client, "\"width cm\",v\n1,2\n3,4\n")).GetProperty("id").GetString()!;

        var response = await client.GetAsync($"/api/datasets/{id}/columns/{Uri.EscapeDataString("width cm")}/histogram?bins=2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("width cm", (await JsonAsync(response)).GetProperty("column").GetString());
    }
}
