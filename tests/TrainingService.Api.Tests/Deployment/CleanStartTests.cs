using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Deployment;

/// <summary>
/// A start of the Api logs nothing at Warning or above: not on a fresh database (migrations applied), not on the
/// next start (nothing to apply). An operator reads every warning and error as something to act on.
/// </summary>
public sealed class CleanStartTests : IAsyncLifetime
{
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await PostgresServer.CreateDatabaseAsync(nameof(CleanStartTests));

    public Task DisposeAsync() => PostgresServer.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Start_FreshDatabaseThenAgain_LogsNoWarningOrError()
    {
        var first = await StartAndStopAsync();
        var second = await StartAndStopAsync();

        Assert.Contains(first, e => e.Message.Contains("Applying migration", StringComparison.Ordinal));
        Assert.DoesNotContain(second, e => e.Message.Contains("Applying migration", StringComparison.Ordinal));
        Assert.True(!first.Any(IsWarningOrAbove), "first start: " + string.Join(Environment.NewLine, first.Where(IsWarningOrAbove)));
        Assert.True(!second.Any(IsWarningOrAbove), "second start: " + string.Join(Environment.NewLine, second.Where(IsWarningOrAbove)));
    }

    private static bool IsWarningOrAbove(LogCapture.Entry entry) => entry.Level >= LogLevel.Warning;

    /// <summary>Builds the Api host, which migrates before it starts, then disposes it; returns what it logged.</summary>
    private async Task<IReadOnlyCollection<LogCapture.Entry>> StartAndStopAsync()
    {
        var log = new LogCapture();
        await using (var factory = new CapturedApiFactory(_connectionString, log))
            _ = factory.Services;
        return log.Entries;
    }

    private sealed class CapturedApiFactory(string connectionString, LogCapture log) : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(log));
        }
    }
}
