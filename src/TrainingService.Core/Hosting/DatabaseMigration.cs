using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrainingService.Core.Data;

namespace TrainingService.Core.Hosting;

/// <summary>Start-up schema handling: the Api applies the migrations, workers wait until they are applied.</summary>
public static class DatabaseMigration
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        // Npgsql's provider reads the history table before creating it and logs the "does not exist" it then
        // ignores as an error (npgsql/efcore.pg#3407): create EF's own table first, concurrency-safe and idempotent.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>Polls until no migration is pending, so a worker never runs jobs against an old schema.</summary>
    public static async Task WaitForMigrationsAsync(IServiceProvider services, ILogger logger, CancellationToken ct = default)
    {
        var delay = TimeSpan.FromSeconds(2);
        while (true)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
                // Asking for pending migrations reads the history table, which logs an error while the Api has not
                // created it yet (a worker that starts first on a fresh database): ask whether it exists first.
                if (!await HistoryTableExistsAsync(db, ct))
                {
                    logger.LogInformation("Waiting for the Api to create the database schema");
                    await Task.Delay(delay, ct);
                    continue;
                }

                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                if (pending.Count == 0)
                    return;
                logger.LogInformation("Waiting for the Api to apply {Count} migration(s): {Migrations}", pending.Count, pending);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Database not reachable yet; retrying in {Delay}", delay);
            }

            await Task.Delay(delay, ct);
        }
    }

    private static async Task<bool> HistoryTableExistsAsync(TrainingServiceDbContext db, CancellationToken ct)
    {
        // Quoted: to_regclass folds an unquoted name to lower case, and EF's table name is mixed case.
        string table = $"\"{HistoryRepository.DefaultTableName}\"";
        return await db.Database.SqlQuery<bool>($"SELECT to_regclass({table}) IS NOT NULL AS \"Value\"").SingleAsync(ct);
    }
}
