using Npgsql;

namespace TrainingService.Bench.Hosting;

/// <summary>A fresh database on the given server for one bench run, dropped on dispose (connections and all).</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private BenchDatabase(string serverConnectionString, string name, string connectionString) =>
        (_serverConnectionString, Name, ConnectionString) = (serverConnectionString, name, connectionString);

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string serverConnectionString, CancellationToken ct)
    {
        string name = $"ts_service_bench_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(ct);
        }
        string connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
        return new BenchDatabase(serverConnectionString, name, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
