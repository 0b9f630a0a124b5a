using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrainingService.Bench.Hosting;

/// <summary>The upload → model → training job flow over HTTP, as a client app drives it.</summary>
public sealed class ServiceClient(HttpClient http)
{
    private static readonly string[] FinalStatuses = ["succeeded", "failed", "cancelled"];

    /// <summary>Creates a tenant with the administrator's key; from then on the client calls with the tenant's key.</summary>
    public async Task SignInAsNewTenantAsync(string administratorKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tenants") { Content = JsonContent.Create(new { name = "bench" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", administratorKey);
        using var response = await http.SendAsync(request, ct);
        string body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating the bench tenant failed: {(int)response.StatusCode} {body}");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(body).RootElement.GetProperty("apiKey").GetString());
    }

    /// <summary>Streams the CSV from disk as the multipart field <c>file</c>; the time runs until the 201 arrives.</summary>
    public async Task<(Guid Id, TimeSpan Elapsed)> UploadAsync(string csvPath, string name, CancellationToken ct)
    {
        await using var file = new FileStream(csvPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var content = new MultipartFormDataContent();
        var fileContent = new StreamContent(file, 1 << 16);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(fileContent, "file", Path.GetFileName(csvPath));
        content.Add(new StringContent(name), "name");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/datasets") { Content = content };
        long start = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        string body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Upload failed: {(int)response.StatusCode} {body}");
        return (JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid(), elapsed);
    }

    public async Task<Guid> CreateModelAsync(JsonObject model, CancellationToken ct) =>
        await PostForIdAsync("/api/models", model, HttpStatusCode.Created, ct);

    public async Task<Guid> StartJobAsync(JsonObject job, CancellationToken ct) =>
        await PostForIdAsync("/api/training-jobs", job, HttpStatusCode.Accepted, ct);

    public async Task<Guid> StartTuningJobAsync(JsonObject tuningJob, CancellationToken ct) =>
        await PostForIdAsync("/api/tuning-jobs", tuningJob, HttpStatusCode.Accepted, ct);

    /// <summary>Polls the job (once a second: the poll itself costs the Api a query) until it has ended.</summary>
    public Task<JsonElement> WaitUntilFinishedAsync(Guid id, TimeSpan pollInterval, CancellationToken ct) =>
        WaitUntilEndedAsync($"/api/training-jobs/{id}", pollInterval, ct);

    /// <summary>Polls a job resource (a training, tuning or prediction job) until its status is final.</summary>
    public async Task<JsonElement> WaitUntilEndedAsync(string path, TimeSpan pollInterval, CancellationToken ct)
    {
        while (true)
        {
            var job = JsonDocument.Parse(await http.GetStringAsync(path, ct)).RootElement.Clone();
            if (FinalStatuses.Contains(job.GetProperty("status").GetString()))
                return job;
            await Task.Delay(pollInterval, ct);
        }
    }

    public async Task<JsonElement[]> GetHistoryAsync(Guid id, CancellationToken ct) =>
        JsonDocument.Parse(await http.GetStringAsync($"/api/training-jobs/{id}/history", ct)).RootElement
            .EnumerateArray().Select(e => e.Clone()).ToArray();

    public async Task DeleteDatasetAsync(Guid id, CancellationToken ct)
    {
        using var response = await http.DeleteAsync($"/api/datasets/{id}", ct);
        response.EnsureSuccessStatusCode();
    }

    private async Task<Guid> PostForIdAsync(string path, JsonObject body, HttpStatusCode expected, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(path, body, ct);
        string text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"POST {path} failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }
}
