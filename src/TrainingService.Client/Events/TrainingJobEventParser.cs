using System.Net.ServerSentEvents;
using System.Text.Json;

namespace TrainingService.Client;

/// <summary>Reads the <c>text/event-stream</c> of <c>/api/training-jobs/{id}/events</c> into <see cref="TrainingJobEvent"/>s.</summary>
internal static class TrainingJobEventParser
{
    /// <summary>An SSE parser over <paramref name="stream"/>; items of event types this client does not know are null.</summary>
    public static SseParser<TrainingJobEvent?> Create(Stream stream, Guid? jobId) =>
        SseParser.Create(stream, (type, data) => Parse(type, data, jobId));

    /// <summary>The event with its own stream id (null when its <c>id:</c> line was absent), or null for a type this client does not know (a newer server's).</summary>
    public static TrainingJobEvent? WithId(SseItem<TrainingJobEvent?> item) =>
        item.Data is null || !long.TryParse(item.EventId, out long id) ? item.Data : item.Data with { Id = id };

    public static TrainingJobEvent? Parse(string type, ReadOnlySpan<byte> data, Guid? jobId) => type switch
    {
        "status" => Deserialize<StatusEvent>(data),
        "epoch" => new EpochEvent(JobIdOf(data) ?? jobId ?? Guid.Empty, Deserialize<TrainingEpoch>(data)),
        "progress" => Deserialize<ProgressEvent>(data),
        "end" => Deserialize<EndEvent>(data),
        _ => null,
    };

    private static T Deserialize<T>(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize<T>(data, ClientJson.Options) ?? throw new JsonException($"A {typeof(T).Name} event without data.");

    /// <summary>An epoch row carries its job id only on streams of more than one job.</summary>
    private static Guid? JobIdOf(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("jobId", out var id) && id.TryGetGuid(out var guid) ? guid : null;
    }
}
