using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Hosting;

namespace TrainingService.Api.Tests.Deployment;

/// <summary>
/// A worker that reaches a fresh database before the Api (Kubernetes starts both at once) waits quietly: its wait
/// logs nothing at Warning or above, and it goes on once the Api has applied the migrations.
/// </summary>
public sealed class WorkerMigrationWaitTests : IAsyncLifetime
{
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() => _connectionString = await PostgresServer.CreateDatabaseAsync(nameof(WorkerMigrationWaitTests));

    public Task DisposeAsync() => PostgresServer.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task WaitForMigrationsAsync_FreshDatabaseThenMigrated_LogsNoWarningOrErrorAndReturns()
    {
        var log = new LogCapture();
        await using var services = Services(log);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var wait = DatabaseMigration.WaitForMigrationsAsync(services, services.GetRequiredService<ILogger<WorkerMigrationWaitTests>>(), timeout.Token);
        await Eventually.GetAsync(
            () => Task.FromResult(log.Entries.Any(e => e.Message.Contains("create the database schema", StringComparison.Ordinal))),
            waiting => waiting, what: "the worker saying it waits for the schema; logged: " + string.Join(" | ", log.Entries));
        Assert.False(wait.IsCompleted, "the worker went on before the schema existed");

        await DatabaseMigration.MigrateAsync(services);
        await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(wait.IsCompletedSuccessfully, "the worker still waits after the migrations were applied");

        var loud = log.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(loud.Count == 0, string.Join(Environment.NewLine, loud));
    }

    private ServiceProvider Services(LogCapture log)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = _connectionString })
            .Build();
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Debug));
        services.AddTrainingServiceData(configuration);
        return services.BuildServiceProvider();
    }
}
