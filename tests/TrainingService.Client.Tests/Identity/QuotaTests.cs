using System.Text;
using Microsoft.AspNetCore.Hosting;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Identity;

public sealed class QuotaTests(QuotaTests.OneDatasetApiFactory factory) : IClassFixture<QuotaTests.OneDatasetApiFactory>
{
    [Fact]
    public async Task UploadAsync_OverTheDatasetQuota_Throws429NamingTheQuota()
    {
        var client = factory.CreateTrainingServiceClient();
        await client.Datasets.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes("a\n1\n")), "first.csv");

        var error = await Assert.ThrowsAsync<TrainingServiceException>(() =>
            client.Datasets.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes("a\n1\n")), "second.csv"));

        Assert.True(error.IsTooManyRequests);
        Assert.Equal(1, error.Extensions["limit"].GetInt32());
        Assert.Equal(1, error.Extensions["used"].GetInt32());
    }

    /// <summary>The real Api with a tenant allowed one dataset.</summary>
    public sealed class OneDatasetApiFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Quotas:MaxDatasets", "1");
        }
    }
}
