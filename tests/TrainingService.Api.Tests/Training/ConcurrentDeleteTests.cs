using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// Deleting a dataset or model while a training job on it is being created: whichever commits first wins cleanly, and
/// a job whose creator was told it is queued is never cascaded away. The other side's transaction is held open on a
/// connection of the test's own, so each interleaving is forced rather than hoped for.
/// </summary>
public sealed class ConcurrentDeleteTests(QueuedOnlyApiFactory factory) : IClassFixture<QueuedOnlyApiFactory>
{
    [Theory]
    [InlineData("datasets")]
    [InlineData("models")]
    public async Task Delete_WhileAJobOnItIsBeingCreated_WaitsForItAndReturns409(string resource)
    {
        var client = factory.CreateClient();
        var (model, dataset) = await CreateModelAndDatasetAsync(client);
        await using var connection = await OpenAsync();
        await using var creating = await connection.BeginTransactionAsync();
        Guid job = await InsertQueuedJobAsync(connection, model, dataset);

        var delete = client.DeleteAsync($"/api/{resource}/{(resource == "models" ? model : dataset)}");
        // The delete must wait on the uncommitted job's foreign-key lock rather than decide without it.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        bool finishedEarly = delete.IsCompleted;
        await creating.CommitAsync();
        var response = await delete;

        Assert.False(finishedEarly, $"the delete answered {(int)response.StatusCode} before the job's creation committed");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/training-jobs/{job}")).StatusCode);
    }

    [Theory]
    [InlineData("datasets", "datasetId")]
    [InlineData("models", "modelId")]
    public async Task CreateJob_WhileItsDatasetOrModelIsBeingDeleted_Returns400NamingTheField(string table, string field)
    {
        var client = factory.CreateClient();
        var (model, dataset) = await CreateModelAndDatasetAsync(client);
        await using var connection = await OpenAsync();
        await using var deleting = await connection.BeginTransactionAsync();
        await using (var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE id = $1", connection))
        {
            delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = table == "models" ? model : dataset });
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        // The preflight still sees the row (the delete is not committed); the insert then waits on its lock.
        var create = client.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset, epochs = 1, batchSize = 8 });
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await deleting.CommitAsync();
        var response = await create;
        string body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.Contains("deleted", errors.GetProperty(field)[0].GetString());
        var jobs = await client.GetFromJsonAsync<JsonElement>($"/api/training-jobs?{field}={(table == "models" ? model : dataset)}");
        Assert.Equal(0, jobs.GetProperty("total").GetInt32());
    }

    private async Task<(Guid Model, Guid Dataset)> CreateModelAndDatasetAsync(HttpClient client) =>
        (await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label")),
         await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(rows: 40)));

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<Guid> InsertQueuedJobAsync(NpgsqlConnection connection, Guid model, Guid dataset)
    {
        var id = Guid.NewGuid();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO training_jobs (id, tenant_id, model_id, dataset_id, recorded_dataset_id, recorded_dataset_name, recorded_dataset_row_count,
                status, parameters, epochs, epochs_completed, cancel_requested, created_at)
            VALUES ($1, (SELECT tenant_id FROM models WHERE id = $2), $2, $3, $3, 'd', 40, 'Queued', '{}', 1, 0, false, now())
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = model });
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = dataset });
        await insert.ExecuteNonQueryAsync();
        return id;
    }
}
