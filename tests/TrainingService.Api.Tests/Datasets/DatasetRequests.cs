using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;

namespace TrainingService.Api.Tests.Datasets;

/// <summary>Builds dataset uploads and reads their answers.</summary>
internal static class DatasetRequests
{
    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv, string fileName = "data.csv", string contentType = "text/csv", string? name = null) =>
        UploadAsync(client, Encoding.UTF8.GetBytes(csv), fileName, contentType, name);

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string fileName = "data.csv", string contentType = "text/csv", string? name = null)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(part, "file", fileName);
        if (name is not null)
            form.Add(new StringContent(name), "name");
        return await client.PostAsync("/api/datasets", form);
    }

    public static async Task<JsonElement> UploadOkAsync(HttpClient client, string csv, string fileName = "data.csv")
    {
        var response = await UploadAsync(client, csv, fileName);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"upload failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    public static JsonElement Column(JsonElement dataset, string name) =>
        dataset.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static async Task<(int Datasets, int Columns, int Chunks)> CountRowsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        // Every tenant's rows: a failed upload must leave nothing behind anywhere.
        return (await db.Datasets.IgnoreQueryFilters().CountAsync(), await db.DatasetColumns.IgnoreQueryFilters().CountAsync(), await db.DatasetChunks.IgnoreQueryFilters().CountAsync());
    }
}
