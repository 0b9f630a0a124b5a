using System.Net;
using Microsoft.AspNetCore.Hosting;
using TrainingService.Api.Tests.Infrastructure;
using static TrainingService.Api.Tests.Datasets.DatasetRequests;

namespace TrainingService.Api.Tests.Datasets;

public sealed class DatasetUploadLimitTests(DatasetUploadLimitTests.SmallLimitApiFactory factory) : IClassFixture<DatasetUploadLimitTests.SmallLimitApiFactory>
{
    [Fact]
    public async Task Upload_OverMaxUploadBytes_Returns413AndStoresNothing()
    {
        string csv = "a,b\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i},{i * 2}\n"));
        var before = await CountRowsAsync(factory.Services);

        var response = await UploadAsync(factory.CreateClient(), csv);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1024", (await JsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(before, await CountRowsAsync(factory.Services));
    }

    [Fact]
    public async Task Upload_GzipExpandingPastMaxCsvBytes_Returns413()
    {
        // 64 KB of text compresses far below the 1 KiB upload limit but expands past the 8 KiB text limit.
        byte[] gzip = Gzip("a\n" + string.Concat(Enumerable.Repeat("0\n", 32_000)));

        var response = await UploadAsync(factory.CreateClient(), gzip, "big.csv.gz", "application/gzip");

        Assert.True(gzip.Length < 1024, $"test data compressed to {gzip.Length} bytes");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Upload_UnderLimit_Returns201()
    {
        var response = await UploadAsync(factory.CreateClient(), "a,b\n1,2\n");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public sealed class SmallLimitApiFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Datasets:MaxUploadBytes", "1024");
            builder.UseSetting("Datasets:MaxCsvBytes", "8192");
        }
    }
}
