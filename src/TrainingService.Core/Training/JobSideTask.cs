using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;

namespace TrainingService.Core.Training;

/// <summary>
/// A loop that runs beside a job's training (the cancel poll, the heartbeat) on a scope and DbContext of its own,
/// under the job's tenant, until disposed: the training thread never waits for it, and it never shares the runner's
/// DbContext, which the progress writer uses from another thread.
/// </summary>
public sealed class JobSideTask : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private JobSideTask(IServiceScopeFactory scopes, Guid jobId, Func<TrainingServiceDbContext, CancellationToken, Task> loop) =>
        _running = RunAsync(scopes, jobId, loop, _stop.Token);

    public static JobSideTask Start(IServiceScopeFactory scopes, Guid jobId, Func<TrainingServiceDbContext, CancellationToken, Task> loop) =>
        new(scopes, jobId, loop);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static async Task RunAsync(IServiceScopeFactory scopes, Guid jobId, Func<TrainingServiceDbContext, CancellationToken, Task> loop, CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        // A job deleted meanwhile has nothing left to watch or stamp.
        if (await TrainingJobRunner.EnterJobTenantAsync(db, jobId, stop))
            await loop(db, stop);
    }
}
