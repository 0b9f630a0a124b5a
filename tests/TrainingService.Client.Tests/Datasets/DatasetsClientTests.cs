using System.IO.Compression;
using System.Net;
using System.Text;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Datasets;

public sealed class DatasetsClientTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly TrainingServiceClient client = factory.CreateTrainingServiceClient();

    [Fact]
    public async Task UploadAsync_FromFilePath_StoresTypedColumnsNamedAfterTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"client-upload-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "a,b,kind\n1,2.5,x\n3,,y\n5,6.5,x\n");
        try
        {
            var dataset = await client.Datasets.UploadAsync(path);

            Assert.Equal(Path.GetFileName(path), dataset.Name);
            Assert.Equal(3, dataset.RowCount);
            Assert.Equal(["a", "b", "kind"], dataset.Columns.Select(c => c.Name));
            Assert.Equal(ColumnType.Numeric, dataset.Columns[1].Type);
            Assert.Equal(1, dataset.Columns[1].MissingCount);
            Assert.Equal(4.5, dataset.Columns[1].Mean!.Value, 6);
            Assert.Equal(ColumnType.Categorical, dataset.Columns[2].Type);
            Assert.Equal(["x", "y"], dataset.Columns[2].Categories!);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task UploadAsync_GzipStreamWithName_IsDecompressedAndNamed()
    {
        var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(ClientScenario.IrisCsv));
        compressed.Position = 0;

        var dataset = await client.Datasets.UploadAsync(compressed, "data.csv.gz", name: "compressed");

        Assert.Equal("compressed", dataset.Name);
        Assert.Equal(150, dataset.RowCount);
        // The caller's stream stays open: it is theirs.
        Assert.True(compressed.CanRead);
    }

    [Fact]
    public async Task UploadAsync_NotCsv_ThrowsWithTheServiceProblem()
    {
        var error = await Assert.ThrowsAsync<TrainingServiceException>(() =>
            client.Datasets.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,2,3\n")), "bad.csv"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("The file is not a valid CSV file.", error.Title);
        Assert.Equal("file", error.Extensions["field"].GetString());
        Assert.Equal(2, error.Extensions["line"].GetInt64());
    }

    [Fact]
    public async Task ListGetRowsDelete_RoundTrip()
    {
        var dataset = await ClientScenario.UploadAsync(client, "n,label\n1,a\n2,b\n3,\n", "listed.csv");

        var page = await client.Datasets.ListAsync(offset: 0, limit: 1000);
        Assert.Contains(page.Items, d => d.Id == dataset.Id && d.RowCount == 3);
        Assert.True(page.Total >= 1);
        Assert.Equal(1000, page.Limit);

        var got = await client.Datasets.GetAsync(dataset.Id);
        Assert.Equal(dataset, got with { Columns = dataset.Columns }); // the columns are lists: compared below
        Assert.Equal(dataset.Columns.Select(c => c.Name), got.Columns.Select(c => c.Name));

        var rows = await client.Datasets.GetRowsAsync(dataset.Id, offset: 1, limit: 2);
        Assert.Equal(["n", "label"], rows.Columns);
        Assert.Equal(3, rows.Total);
        Assert.Equal(2, rows.Rows.Count);
        Assert.Equal(2, rows.Rows[0][0].GetDouble());
        Assert.Equal("b", rows.Rows[0][1].GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rows.Rows[1][1].ValueKind);

        var histogram = await client.Datasets.GetHistogramAsync(dataset.Id, "n", bins: 2);
        Assert.Equal([1.0, 2.0, 3.0], histogram.Edges);
        Assert.Equal([1L, 2L], histogram.Counts);
        var categorical = await Assert.ThrowsAsync<TrainingServiceException>(() => client.Datasets.GetHistogramAsync(dataset.Id, "label"));
        Assert.True(categorical.IsValidationError);

        await client.Datasets.DeleteAsync(dataset.Id);
        var gone = await Assert.ThrowsAsync<TrainingServiceException>(() => client.Datasets.GetAsync(dataset.Id));
        Assert.True(gone.IsNotFound);
        Assert.Equal("Dataset not found.", gone.Title);
        Assert.Contains(dataset.Id.ToString(), gone.Detail);
    }

    [Fact]
    public async Task GetRowsAsync_LimitOutOfRange_ThrowsWithTheFieldError()
    {
        var dataset = await ClientScenario.UploadAsync(client, "n\n1\n");

        var error = await Assert.ThrowsAsync<TrainingServiceException>(() => client.Datasets.GetRowsAsync(dataset.Id, limit: 5000));

        Assert.True(error.IsValidationError);
        Assert.Contains("limit", error.Errors.Keys);
    }
}
