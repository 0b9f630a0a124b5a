using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TrainingService.Api.Tests.Infrastructure;

/// <summary>
/// The real Api over real HTTP plumbing, on a fresh PostgreSQL database of its own (dropped afterwards),
/// with an in-process Hangfire server. Use one per test class through <c>IClassFixture</c>.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = string.Empty;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync(GetType().Name);
        // Build the host now so migrations run before the first test does.
        _ = Services;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(ConnectionString);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads these while building its services.
        builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);
        builder.UseSetting("Workers:InProcess", "true");
        builder.UseSetting("Hangfire:QueuePollIntervalSeconds", "1");
        builder.UseEnvironment("Testing");
    }
}
