using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TrainingService.Api.Tests.RequestBodies;

/// <summary>Posting exact JSON text to any route, with or without a Content-Length.</summary>
internal static class RawJson
{
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, Content(Encoding.UTF8.GetBytes(json), chunked: false));

    /// <summary>
    /// <paramref name="chunked"/>: no Content-Length, so over real HTTP/1.1 the body goes chunked (the in-memory
    /// test server buffers it and adds the length back).
    /// </summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, byte[] json, bool chunked) =>
        client.PostAsync(path, Content(json, chunked));

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static HttpContent Content(byte[] json, bool chunked)
    {
        HttpContent content = chunked ? new UnknownLengthContent(json) : new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>A body whose length is not known up front, so it goes without a Content-Length (chunked, over HTTP/1.1).</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (int offset = 0; offset < bytes.Length; offset += 4096)
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(4096, bytes.Length - offset)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
