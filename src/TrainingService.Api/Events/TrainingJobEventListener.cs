using Microsoft.Extensions.Configuration;
using Npgsql;
using TrainingService.Core.Events;
using TrainingService.Core.Hosting;

namespace TrainingService.Api.Events;

/// <summary>
/// The Api process's one listening connection: <c>LISTEN training_job_events</c>, and each notification (ids only)
/// wakes the process's streams of that job and tenant (<see cref="TrainingJobEventHub"/>). A dropped connection is
/// reopened (and LISTENs again) after a pause, and every stream is woken then, since notifications sent meanwhile
/// are lost; the streams' own poll covers the gap too.
/// </summary>
public sealed class TrainingJobEventListener(IConfiguration configuration, TrainingJobEventHub hub, ILogger<TrainingJobEventListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Its own connection, outside the pool's reuse: a pooled connection would carry the LISTEN to other users.
        var builder = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(ServiceCollectionExtensions.ConnectionStringName))
        {
            Pooling = false,
            KeepAlive = 30,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Notification += (_, e) =>
                {
                    if (TrainingJobEventLog.TryParse(e.Payload, out var tenantId, out var jobId))
                        hub.Notify(tenantId, jobId);
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {TrainingJobEventLog.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                logger.LogInformation("Listening for training job events on channel {Channel}", TrainingJobEventLog.Channel);
                hub.NotifyAll();
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "The training job event listener lost its connection; reconnecting in {Delay}", ReconnectDelay);
                try
                {
                    await Task.Delay(ReconnectDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
