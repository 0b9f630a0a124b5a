using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingService.Api.Tests.Datasets;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

/// <summary>Builds small learnable datasets and drives the upload → model → job flow over HTTP.</summary>
internal static class TrainingScenario
{
    public static readonly string[] FinalStatuses = ["succeeded", "failed", "cancelled"];

    /// <summary>Three classes decided by x + y and a categorical "shade" column that shifts the boundary.</summary>
    public static string ClassificationCsv(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("x,y,shade,label\n");
        for (int i = 0; i < rows; i++)
        {
            double x = random.NextDouble() * 4 - 2, y = random.NextDouble() * 4 - 2;
            string shade = random.Next(2) == 0 ? "dark" : "light";
            double score = x + y + (shade == "dark" ? 0.5 : -0.5);
            string label = score < -1 ? "low" : score < 1 ? "mid" : "high";
            csv.Append(CultureInfo.InvariantCulture, $"{x:F4},{y:F4},{shade},{label}\n");
        }

        return csv.ToString();
    }

    /// <summary>target = 3a − 2b + 1, exactly.</summary>
    public static string RegressionCsv(int rows, int seed = 2)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("a,b,target\n");
        for (int i = 0; i < rows; i++)
        {
            double a = random.NextDouble() * 2 - 1, b = random.NextDouble() * 2 - 1;
            csv.Append(CultureInfo.InvariantCulture, $"{a:F5},{b:F5},{3 * a - 2 * b + 1:F5}\n");
        }

        return csv.ToString();
    }

    public static async Task<Guid> UploadAsync(HttpClient client, string csv) =>
        (await DatasetRequests.UploadOkAsync(client, csv)).GetProperty("id").GetGuid();

    public static JsonObject Model(string task, string target, int hiddenUnits = 16, double learningRate = 0.01) => new()
    {
        ["name"] = $"{task} model",
        ["task"] = task,
        ["targetColumn"] = target,
        ["layers"] = new JsonArray(new JsonObject { ["type"] = "dense", ["units"] = hiddenUnits, ["activation"] = "relu" }),
        ["optimizer"] = new JsonObject { ["type"] = "adam", ["learningRate"] = learningRate },
        ["seed"] = 7,
    };

    public static async Task<Guid> CreateModelAsync(HttpClient client, JsonObject model)
    {
        var response = await client.PostAsJsonAsync("/api/models", model);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"model creation failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public static async Task<Guid> StartJobAsync(HttpClient client, object job)
    {
        var response = await client.PostAsJsonAsync("/api/training-jobs", job);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"job creation failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Uploads <paramref name="csv"/>, creates <paramref name="model"/> and asks to train it on the dataset with the defaults.</summary>
    public static async Task<HttpResponseMessage> PostJobAsync(HttpClient client, string csv, JsonObject model)
    {
        Guid dataset = await UploadAsync(client, csv);
        Guid modelId = await CreateModelAsync(client, model);
        return await client.PostAsJsonAsync("/api/training-jobs", new { modelId, datasetId = dataset });
    }

    /// <summary>A CSV of <paramref name="header"/> and <paramref name="rows"/> lines, line i being <paramref name="row"/>(i).</summary>
    public static string Csv(string header, int rows, Func<int, string> row) =>
        header + "\n" + string.Concat(Enumerable.Range(0, rows).Select(i => row(i) + "\n"));

    /// <summary>The messages of a validation problem under <paramref name="field"/>; fails when there are none.</summary>
    public static async Task<string[]> ErrorsAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var found) ? found : default;
        Assert.True(messages.ValueKind == JsonValueKind.Array, $"no errors for '{field}': {problem}");
        return messages.EnumerateArray().Select(m => m.GetString()!).ToArray();
    }

    public static async Task<JsonElement> GetJobAsync(HttpClient client, Guid id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/training-jobs/{id}")).RootElement.Clone();

    public static Task<JsonElement> WaitForJobAsync(HttpClient client, Guid id, Func<JsonElement, bool> done, string what, int seconds = 180) =>
        Eventually.GetAsync(() => GetJobAsync(client, id), done, TimeSpan.FromSeconds(seconds), what);

    public static Task<JsonElement> WaitUntilFinishedAsync(HttpClient client, Guid id, int seconds = 180) =>
        WaitForJobAsync(client, id, j => FinalStatuses.Contains(j.GetProperty("status").GetString()), $"job {id} to finish", seconds);

    public static async Task<JsonElement[]> GetHistoryAsync(HttpClient client, Guid id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/training-jobs/{id}/history")).RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
}
