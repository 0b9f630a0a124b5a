using Npgsql;
using TrainingService.Api.Tests.Training;

namespace TrainingService.Api.Tests.Deployment;

/// <summary>
/// deploy/overlays/keda: its ScaledObject scales the worker Deployment on a query over our jobs table through a
/// TriggerAuthentication whose Secret exists, replaces (not joins) the CPU autoscaler, and its query runs on the real
/// schema under the read-only role keda-reader.sql creates, counting the queued and running jobs and reading nothing
/// else. Schema validation of the rendered overlay (KEDA's CRDs included) is `.ci/validate-manifests.sh`.
/// </summary>
public sealed class KedaOverlayTests(QueuedOnlyApiFactory factory) : IClassFixture<QueuedOnlyApiFactory>
{
    private static readonly string Overlay = RepositoryFiles.PathOf("deploy", "overlays", "keda");

    [Fact]
    public void ScaledObject_Always_ScalesTheWorkersOnThePostgresQueryThroughItsSecret()
    {
        var documents = Directory.EnumerateFiles(Overlay, "*.yaml").SelectMany(Yaml.LoadFile).ToList();
        var scaled = documents.Single(d => d.Str("kind") == "ScaledObject");
        var trigger = scaled.At("spec")!.Maps("triggers").Single();
        var authentication = documents.Single(d => d.Str("kind") == "TriggerAuthentication");
        var reference = authentication.At("spec")!.Maps("secretTargetRef").Single();
        var secret = documents.Single(d => d.Str("kind") == "Secret" && d.At("metadata")!.Str("name") == reference.Str("name"));
        var delete = Yaml.LoadFile(Path.Combine(Overlay, "remove-cpu-hpa.yaml")).Single();

        Assert.Equal("trainingservice-worker", scaled.At("spec.scaleTargetRef")!.Str("name"));
        Assert.Equal("postgresql", trigger.Str("type"));
        Assert.Equal(authentication.At("metadata")!.Str("name"), trigger.At("authenticationRef")!.Str("name"));
        Assert.Equal("connection", reference.Str("parameter"));
        Assert.NotNull(secret.Map("stringData")!.Str(reference.Str("key")!));
        Assert.Contains("user=trainingservice_keda", secret.Map("stringData")!.Str("connection"));
        Assert.Equal(("HorizontalPodAutoscaler", "trainingservice-worker", "delete"), (delete.Str("kind"), delete.At("metadata")!.Str("name"), delete.Str("$patch")));
        Assert.True(int.Parse(scaled.At("spec")!.Str("minReplicaCount")!) >= 1, "no worker would be left for the default queue");
    }

    [Fact]
    public async Task Query_AsTheReadOnlyRole_CountsQueuedAndRunningJobsAndReadsNothingElse()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(40));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        var queued = new List<Guid>();
        for (int i = 0; i < 3; i++)
            queued.Add(await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset }));
        await client.PostAsync($"/api/training-jobs/{queued[2]}/cancel", null);

        var scaled = Yaml.LoadFile(Path.Combine(Overlay, "worker-scaledobject.yaml")).Single();
        string query = scaled.At("spec")!.Maps("triggers").Single().At("metadata")!.Str("query")!;
        string role = $"trainingservice_keda_{Guid.NewGuid():N}"[..40];
        var owner = new NpgsqlConnectionStringBuilder(factory.ConnectionString);
        string setup = File.ReadAllText(Path.Combine(Overlay, "keda-reader.sql"))
            .Replace("trainingservice_keda", role, StringComparison.Ordinal)
            .Replace("DATABASE trainingservice", $"DATABASE \"{owner.Database}\"", StringComparison.Ordinal);
        await ExecuteAsync(factory.ConnectionString, setup);
        try
        {
            var reader = new NpgsqlConnectionStringBuilder(factory.ConnectionString) { Username = role, Password = "CHANGE-ME", Pooling = false }.ConnectionString;
            await using var connection = new NpgsqlConnection(reader);
            await connection.OpenAsync();
            long count = (long)(await new NpgsqlCommand(query, connection).ExecuteScalarAsync())!;
            var denied = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("SELECT name FROM datasets", connection).ExecuteScalarAsync());
            var noWrite = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("UPDATE training_jobs SET status = 'Failed'", connection).ExecuteNonQueryAsync());

            Assert.Equal(2, count);
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, noWrite.SqlState);
        }
        finally
        {
            await ExecuteAsync(factory.ConnectionString, $"DROP OWNED BY {role}; DROP ROLE {role};");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }
}
