using System.Net;
using System.Text.Json;
using TrainingService.Api.Tests.Infrastructure;
using static TrainingService.Api.Tests.Datasets.DatasetRequests;

namespace TrainingService.Api.Tests.Datasets;

public sealed class DatasetQueryTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Get_UploadedDataset_ReturnsSameSchemaAsUpload()
    {
        var client = factory.CreateClient();
        var uploaded = await UploadOkAsync(client, "x,label\n1.25,a\n2.75,b\n");

        var response = await client.GetAsync($"/api/datasets/{uploaded.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dataset = await JsonAsync(response);
        Assert.Equal(uploaded.GetProperty("id").GetString(), dataset.GetProperty("id").GetString());
        Assert.Equal(2.0, Column(dataset, "x").GetProperty("mean").GetDouble());
        Assert.Equal(["a", "b"], Column(dataset, "label").GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Get_UnknownId_Returns404Problem()
    {
        var response = await factory.CreateClient().GetAsync($"/api/datasets/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task List_ThreeUploads_PagesNewestFirstWithTotal()
    {
        var client = factory.CreateClient();
        var before = await JsonAsync(await client.GetAsync("/api/datasets?limit=1000"));
        long existing = before.GetProperty("total").GetInt64();
        for (int i = 0; i < 3; i++)
            await UploadOkAsync(client, $"v\n{i}\n", $"list-{i}.csv");

        var first = await JsonAsync(await client.GetAsync("/api/datasets?offset=0&limit=2"));
        var second = await JsonAsync(await client.GetAsync("/api/datasets?offset=2&limit=2"));

        Assert.Equal(existing + 3, first.GetProperty("total").GetInt64());
        Assert.Equal(["list-2.csv", "list-1.csv"], first.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal("list-0.csv", second.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.Equal(2, first.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task List_LimitOutOfRange_Returns400NamingLimit()
    {
        var response = await factory.CreateClient().GetAsync("/api/datasets?limit=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task GetRows_Page_ReturnsOriginalValuesWithNullForMissing()
    {
        var client = factory.CreateClient();
        var dataset = await UploadOkAsync(client, "n,c\n0.1,red\n,blue\n-3,\n4e2,red\n");
        string id = dataset.GetProperty("id").GetString()!;

        var page = await JsonAsync(await client.GetAsync($"/api/datasets/{id}/rows?offset=1&limit=2"));
        var tail = await JsonAsync(await client.GetAsync($"/api/datasets/{id}/rows?offset=3&limit=10"));

        Assert.Equal(["n", "c"], page.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(4, page.GetProperty("total").GetInt64());
        Assert.Equal("[[null,\"blue\"],[-3,null]]", page.GetProperty("rows").GetRawText());
        Assert.Equal("[[400,\"red\"]]", tail.GetProperty("rows").GetRawText());
        var all = await JsonAsync(await client.GetAsync($"/api/datasets/{id}/rows"));
        Assert.Equal(0.1, all.GetProperty("rows")[0][0].GetDouble());
    }

    [Fact]
    public async Task GetRows_OffsetPastEnd_ReturnsNoRows()
    {
        var client = factory.CreateClient();
        var dataset = await UploadOkAsync(client, "n\n1\n2\n");

        var page = await JsonAsync(await client.GetAsync($"/api/datasets/{dataset.GetProperty("id").GetString()}/rows?offset=5"));

        Assert.Equal(0, page.GetProperty("rows").GetArrayLength());
        Assert.Equal(2, page.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task GetRows_UnknownId_Returns404()
    {
        var response = await factory.CreateClient().GetAsync($"/api/datasets/{Guid.NewGuid()}/rows");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_UploadRoute_DocumentsMultipartFileAndErrors()
    {
        var document = await JsonAsync(await factory.CreateClient().GetAsync("/openapi/v1.json"));

        var post = document.GetProperty("paths").GetProperty("/api/datasets").GetProperty("post");
        Assert.False(string.IsNullOrEmpty(post.GetProperty("summary").GetString()));
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        var form = document.GetProperty("components").GetProperty("schemas").GetProperty("DatasetUploadForm");
        Assert.Equal(JsonValueKind.Object, form.GetProperty("properties").GetProperty("file").ValueKind);
        foreach (string status in new[] { "201", "400", "413", "415" })
            Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), $"no {status} response documented");
    }
}
