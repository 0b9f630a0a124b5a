using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Training;

namespace TrainingService.Api.Tests.Training;

/// <summary>The Api without a Hangfire server: jobs stay queued until a test runs them itself (<see cref="RunJobAsync"/>).</summary>
public class QueuedOnlyApiFactory : ApiFactory
{
    /// <summary>
    /// What a Hangfire worker does with the job id, without Hangfire: the job class itself, from the Api's container,
    /// on a pool thread as on a worker. (On xunit's synchronization context the blocking training loop would hold
    /// one of its few threads and starve the test's own polling.)
    /// </summary>
    public Task RunJobAsync(Guid job, CancellationToken ct) => Task.Run(async () =>
    {
        await using var scope = CreateTenantScope();
        await scope.ServiceProvider.GetRequiredService<TrainingJobRunner>().RunAsync(job, ct);
    });

    /// <summary>The epoch of the job's stored checkpoint, or null when it has none.</summary>
    public async Task<int?> CheckpointEpochAsync(Guid job)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT epoch FROM training_checkpoints WHERE training_job_id = $1", connection) { Parameters = { new() { Value = job } } };
        return (int?)await query.ExecuteScalarAsync();
    }

    /// <summary>Runs <paramref name="sql"/> with the job id as $1, behind the API's back.</summary>
    public async Task ExecuteAsync(string sql, Guid job)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = job } } };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Polls the row directly and often, so an interruption lands early in the run even on a loaded machine.</summary>
    public async Task WaitForEpochAsync(Guid job, int epoch)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT epochs_completed FROM training_jobs WHERE id = $1", connection) { Parameters = { new() { Value = job } } };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((int)(await query.ExecuteScalarAsync())! < epoch)
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {job} never reached epoch {epoch}");
            await Task.Delay(20);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Workers:InProcess", "false");
    }
}
