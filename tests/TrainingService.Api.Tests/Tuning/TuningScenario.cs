using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Api.Tests.Training;

namespace TrainingService.Api.Tests.Tuning;

/// <summary>Drives tuning jobs over HTTP: submit, wait for the end, read the leaderboard.</summary>
internal static class TuningScenario
{
    /// <summary>A tuning request over <paramref name="datasetId"/> with an inline classification base model; the caller adds the search.</summary>
    public static JsonObject Request(Guid datasetId, JsonObject searchSpace, int epochs = 3) => new()
    {
        ["baseModel"] = TrainingScenario.Model("classification", "label", hiddenUnits: 8),
        ["datasetId"] = datasetId,
        ["epochs"] = epochs,
        ["batchSize"] = 16,
        ["searchSpace"] = searchSpace,
        ["pruning"] = new JsonObject { ["enabled"] = false },
    };

    public static async Task<Guid> StartAsync(HttpClient client, JsonObject request)
    {
        var response = await client.PostAsJsonAsync("/api/tuning-jobs", request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"tuning job creation failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/tuning-jobs/{id}")).RootElement.Clone();

    public static Task<JsonElement> WaitUntilFinishedAsync(HttpClient client, Guid id, int seconds = 240) =>
        Eventually.GetAsync(() => GetAsync(client, id), j => TrainingScenario.FinalStatuses.Contains(j.GetProperty("status").GetString()),
            TimeSpan.FromSeconds(seconds), $"tuning job {id} to finish");

    public static async Task<JsonElement[]> TrialsAsync(HttpClient client, Guid id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/tuning-jobs/{id}/trials")).RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();

    /// <summary>A trial's sampled values as text keyed by path, comparable across runs.</summary>
    public static Dictionary<string, string> Parameters(JsonElement trial) =>
        trial.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
}
