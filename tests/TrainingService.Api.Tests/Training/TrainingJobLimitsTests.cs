using System.Globalization;
using System.Net;
using System.Net.Http.Json;
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
        long jobsBefore = await JobCountAsync(client);

        var response = await TrainingScenario.PostJobAsync(client, UsersCsv(3000), TrainingScenario.Model("classification", "churned"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string error = Assert.Single(await TrainingScenario.ErrorsAsync(response, "datasetId"));
        Assert.Contains("Column 'user_id'", error);
        Assert.Contains("3,000 distinct values in 3,000 rows", error);
        Assert.Contains("Training__MaxCategoryShare", error);
        Assert.Contains("\"featureColumns\": [\"age\", \"country\"]", error);
        // The estimate: 3,000 rows × (3,000 ids + 1 age + 4 countries) float32 inputs alone are 36.1 MB.
        Assert.Matches(@"≈ \d+(\.\d)? MB \(input matrices 36.1 MB: 3,000 rows × 3,005 inputs", error);
        Assert.Equal(jobsBefore, await JobCountAsync(client));
    }

    [Fact]
    public async Task Create_UserIdColumnLeftOutWithFeatureColumns_QueuesWithItsPlannedMemory()
    {
        var client = factory.CreateClient();
        var definition = TrainingScenario.Model("classification", "churned");
        definition["featureColumns"] = new JsonArray("age", "country");

        var response = await TrainingScenario.PostJobAsync(client, UsersCsv(3000), definition);
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("queued", job.GetProperty("status").GetString());
        Assert.Equal(0, job.GetProperty("attempts").GetInt32());
        // 3,000 rows × 5 inputs as float32 is 60 kB; with the network and the batch buffers still well under a megabyte.
        Assert.InRange(job.GetProperty("plannedMemoryBytes").GetInt64(), 3000 * 5 * 4, 1_000_000);
        var stored = await TrainingScenario.GetJobAsync(client, job.GetProperty("id").GetGuid());
        Assert.Equal(job.GetProperty("plannedMemoryBytes").GetInt64(), stored.GetProperty("plannedMemoryBytes").GetInt64());
    }

    public static TheoryData<string, string, string> RefusedCategories => new()
    {
        // 1,100 product codes, each in 5 of 5,500 rows: a real category, but too wide to one-hot encode.
        {
            TrainingScenario.Csv("product,price,bought", 5500, i => Invariant($"p{i % 1100},{i % 97},{(i % 3 == 0 ? "yes" : "no")}")),
            "Column 'product' cannot be a feature: it is categorical with 1,100 distinct values, more than Training__MaxOneHotWidth (1,000).",
            "\"featureColumns\": [\"price\"]"
        },
        // 120 names in 200 rows: narrow enough to encode, but a name picks out a row, not a group of rows.
        {
            TrainingScenario.Csv("name,score,bought", 200, i => Invariant($"student{i % 120},{i % 50},{(i % 2 == 0 ? "yes" : "no")}")),
            "Column 'name' cannot be a feature: it is categorical with 120 distinct values in 200 rows, so a value names a row",
            "\"featureColumns\": [\"score\"]"
        },
    };

    [Theory]
    [MemberData(nameof(RefusedCategories))]
    public async Task Create_CategoryTooWideOrAnIdentifier_RefusedNamingColumnRuleAndFix(string csv, string cause, string fix)
    {
        var client = factory.CreateClient();

        var response = await TrainingScenario.PostJobAsync(client, csv, TrainingScenario.Model("classification", "bought"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string error = Assert.Single(await TrainingScenario.ErrorsAsync(response, "datasetId"));
        Assert.StartsWith(cause, error);
        Assert.Contains(fix, error);
    }

    [Fact]
    public async Task Create_SmallSampleWhoseCategoriesAreAllDifferent_StillQueues()
    {
        var client = factory.CreateClient();
        // 30 rows, 30 colours: below the 50 categories where the identifier rule starts, as for any small sample.
        string csv = TrainingScenario.Csv("colour,size,kept", 30, i => Invariant($"colour{i},{i},{(i % 2 == 0 ? "yes" : "no")}"));

        var response = await TrainingScenario.PostJobAsync(client, csv, TrainingScenario.Model("classification", "kept"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>A user table as exported: an id per row, an age, one of four countries, and the label.</summary>
    private static string UsersCsv(int rows)
    {
        string[] countries = ["de", "fr", "it", "es"];
        return TrainingScenario.Csv("user_id,age,country,churned", rows, i => Invariant($"u{i:D6},{18 + i % 60},{countries[i % 4]},{(i % 3 == 0 ? "yes" : "no")}"));
    }

    private static async Task<long> JobCountAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/training-jobs")).GetProperty("total").GetInt64();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
