using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Data;

namespace TrainingService.Api.Tests.Data;

/// <summary>
/// The DbContext is pooled: a context goes back to the pool without its tenant, so whoever takes it next sees no
/// tenant's objects until its own scope sets one; and the service's connections prepare repeated statements.
/// </summary>
public sealed class PooledContextTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task PooledContext_AfterATenantsScope_ComesBackWithoutThatTenant()
    {
        await TrainingService.Api.Tests.Training.TrainingScenario.UploadAsync(factory.CreateClient(), "x,y\n1,2\n3,4\n");
        var pool = factory.Services.GetRequiredService<IDbContextFactory<TrainingServiceDbContext>>();
        int reused = 0;
        for (int i = 0; i < 20; i++)
        {
            TrainingServiceDbContext tenants;
            await using (var scope = factory.CreateTenantScope())
            {
                tenants = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
                Assert.NotEmpty(await tenants.Datasets.ToListAsync());
            }

            await using var next = pool.CreateDbContext();
            reused += ReferenceEquals(next, tenants) ? 1 : 0;
            Assert.Null(next.TenantScope.TenantId);
            Assert.Empty(await next.Datasets.ToListAsync());
        }

        Assert.True(reused > 0, "the contexts were not pooled");
    }

    [Theory]
    [InlineData("Host=db;Database=ts", 64)]
    [InlineData("Host=db;Database=ts;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=ts;MaxAutoPrepare=8", 8)]
    public void Configure_ConnectionString_PreparesRepeatedStatementsUnlessItSaysOtherwise(string connectionString, int expected)
    {
        var options = TrainingServiceDbContext.Configure(new DbContextOptionsBuilder<TrainingServiceDbContext>(), connectionString).Options;

        var configured = new Npgsql.NpgsqlConnectionStringBuilder(RelationalOptionsExtension.Extract(options).ConnectionString);
        Assert.Equal(expected, configured.MaxAutoPrepare);
    }
}
