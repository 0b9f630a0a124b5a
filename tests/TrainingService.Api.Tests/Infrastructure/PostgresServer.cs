using Npgsql;
using Testcontainers.PostgreSql;

namespace TrainingService.Api.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the integration tests run on: the one named by <c>TRAININGSERVICE_TEST_POSTGRES</c>
/// when set, otherwise one container started with Testcontainers and shared by the whole test run.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "TRAININGSERVICE_TEST_POSTGRES";

    // Pinned so every machine tests against the same server version as docker-compose.yml.
    private const string Image = "postgres:16.4-alpine";

    private static readonly Lazy<Task<string>> AdminConnectionString = new(StartAsync);

    public static Task<string> GetAdminConnectionStringAsync() => AdminConnectionString.Value;

    private static async Task<string> StartAsync()
    {
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;

        try
        {
            var container = new PostgreSqlBuilder(Image).Build();
            await container.StartAsync();
            // The container lives as long as the test process; Testcontainers' reaper removes it afterwards.
            return container.GetConnectionString();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"The integration tests need PostgreSQL. Set {EnvironmentVariable} to a connection string of a server " +
                "where the tests may create databases (e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Password=...\"), " +
                "or make a Docker engine available so Testcontainers can start one. Starting a container failed: " + ex.Message, ex);
        }
    }

    /// <summary>Creates a database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        string admin = await GetAdminConnectionStringAsync();
        string name = $"ts_{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 36)];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        string name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await GetAdminConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
