using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// Jobs that would blow up a worker are refused when they are created, with the default limits, as a new user meets
/// them: a categorical column of ids, a category too wide to one-hot encode. The Api runs no worker: nothing here trains.
/// </summary>
public sealed class TrainingJobLimitsTests(QueuedOnlyApiFactory factory) : IClassFixture<QueuedOnlyApiFactory>
{
    [Fact]
    public async Task Create_CategoricalUserIdColumn_RefusedNamingTheColumnAndTheFeatureColumnsFix()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, UsersCsv(3000));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "churned"));

        var response = await client.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string error = Assert.Single(await ErrorsAsync(response, "datasetId"));
        Assert.Contains("Column 'user_id'", error);
        Assert.Contains("3,000 distinct values in 3,000 rows", error);
        Assert.Contains("Training__MaxCategoryShare", error);
        Assert.Contains("\"featureColumns\": [\"age\", \"country\"]", error);
        // The estimate: 3,000 rows × (3,000 ids + 1 age + 4 countries) float32 inputs alone are 36.1 MB.
        Assert.Matches(@"≈ \d+(\.\d)? MB \(input matrices 36.1 MB: 3,000 rows × 3,005 inputs", error);
        Assert.Equal(0, (await ListJobsAsync(client, model)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Create_UserIdColumnLeftOutWithFeatureColumns_QueuesWithItsPlannedMemory()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, UsersCsv(3000));
        var definition = TrainingScenario.Model("classification", "churned");
        definition["featureColumns"] = new JsonArray("age", "country");
        Guid model = await TrainingScenario.CreateModelAsync(client, definition);

        var response = await client.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset });
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("queued", job.GetProperty("status").GetString());
        Assert.Equal(0, job.GetProperty("attempts").GetInt32());
        // 3,000 rows × 5 inputs as float32 is 60 kB; with the network and the batch buffers still well under a megabyte.
        Assert.InRange(job.GetProperty("plannedMemoryBytes").GetInt64(), 3000 * 5 * 4, 1_000_000);
        var stored = await TrainingScenario.GetJobAsync(client, job.GetProperty("id").GetGuid());
        Assert.Equal(job.GetProperty("plannedMemoryBytes").GetInt64(), stored.GetProperty("plannedMemoryBytes").GetInt64());
    }

    [Fact]
    public async Task Create_CategoryWiderThanMaxOneHotWidth_RefusedNamingTheLimit()
    {
        var client = factory.CreateClient();
        // 1,100 product codes, each in about 5 of 5,500 rows: a real category, but too wide to one-hot encode.
        var csv = new StringBuilder("product,price,bought\n");
        for (int i = 0; i < 5500; i++)
            csv.Append(CultureInfo.InvariantCulture, $"p{i % 1100},{i % 97},{(i % 3 == 0 ? "yes" : "no")}\n");
        Guid dataset = await TrainingScenario.UploadAsync(client, csv.ToString());
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "bought"));

        var response = await client.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string error = Assert.Single(await ErrorsAsync(response, "datasetId"));
        Assert.Contains("Column 'product'", error);
        Assert.Contains("1,100 distinct values, more than Training__MaxOneHotWidth (1,000)", error);
        Assert.Contains("\"featureColumns\": [\"price\"]", error);
    }

    [Fact]
    public async Task Create_NarrowColumnOfUniqueNames_RefusedAsAnIdentifier()
    {
        var client = factory.CreateClient();
        // 120 names in 200 rows: narrow enough to encode, but a name picks out a row, not a group of rows.
        var csv = new StringBuilder("name,score,passed\n");
        for (int i = 0; i < 200; i++)
            csv.Append(CultureInfo.InvariantCulture, $"student{i % 120},{i % 50},{(i % 2 == 0 ? "yes" : "no")}\n");
        Guid dataset = await TrainingScenario.UploadAsync(client, csv.ToString());
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "passed"));

        var response = await client.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string error = Assert.Single(await ErrorsAsync(response, "datasetId"));
        Assert.Contains("Column 'name'", error);
        Assert.Contains("120 distinct values in 200 rows", error);
    }

    [Fact]
    public async Task Create_SmallSampleWhoseCategoriesAreAllDifferent_StillQueues()
    {
        var client = factory.CreateClient();
        // 30 rows, 30 colours: below the 50 categories where the identifier rule starts, as for any small sample.
        var csv = new StringBuilder("colour,size,kept\n");
        for (int i = 0; i < 30; i++)
            csv.Append(CultureInfo.InvariantCulture, $"colour{i},{i},{(i % 2 == 0 ? "yes" : "no")}\n");
        Guid dataset = await TrainingScenario.UploadAsync(client, csv.ToString());
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "kept"));

        var response = await client.PostAsJsonAsync("/api/training-jobs", new { modelId = model, datasetId = dataset });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>A user table as exported: an id per row, an age, one of four countries, and the label.</summary>
    internal static string UsersCsv(int rows)
    {
        string[] countries = ["de", "fr", "it", "es"];
        var csv = new StringBuilder("user_id,age,country,churned\n");
        for (int i = 0; i < rows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"u{i:D6},{18 + i % 60},{countries[i % 4]},{(i % 3 == 0 ? "yes" : "no")}\n");
        return csv.ToString();
    }

    internal static async Task<string[]> ErrorsAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var found) ? found : default;
        Assert.True(messages.ValueKind == JsonValueKind.Array, $"no errors for '{field}': {problem}");
        return messages.EnumerateArray().Select(m => m.GetString()!).ToArray();
    }

    private static async Task<JsonElement> ListJobsAsync(HttpClient client, Guid model) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/training-jobs?modelId={model}");
}
