using System.Collections.Concurrent;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Hosting;

namespace TrainingService.Api.Tests.Hosting;

public sealed class HangfireTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Enqueue_TrivialJob_RealServerRunsItToSucceeded()
    {
        var client = factory.Services.GetRequiredService<IBackgroundJobClient>();
        var storage = factory.Services.GetRequiredService<JobStorage>();
        var marker = Guid.NewGuid();

        string jobId = client.Create<MarkerJob>(job => job.RunAsync(marker, CancellationToken.None), new EnqueuedState(Queues.Training));

        string state = await Eventually.GetAsync(
            () => Task.FromResult(storage.GetMonitoringApi().JobDetails(jobId)?.History.FirstOrDefault()?.StateName ?? ""),
            s => s == SucceededState.StateName || s == FailedState.StateName,
            what: $"job {jobId} to finish");
        Assert.Equal(SucceededState.StateName, state);
        Assert.True(MarkerJob.Seen.ContainsKey(marker));
    }

    [Fact]
    public async Task Startup_FreshDatabase_AppliesMigrationsAndHangfireSchema()
    {
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        int hangfireTables = await db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = {HangfireStorageOptions.Schema}")
            .SingleAsync();
        Assert.True(hangfireTables > 5, $"expected Hangfire's tables in schema '{HangfireStorageOptions.Schema}', found {hangfireTables}");
    }

    public sealed class MarkerJob
    {
        public static readonly ConcurrentDictionary<Guid, bool> Seen = new();

        public Task RunAsync(Guid marker, CancellationToken ct)
        {
            Seen[marker] = true;
            return Task.CompletedTask;
        }
    }
}
