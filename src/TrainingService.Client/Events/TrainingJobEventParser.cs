using System.Net.ServerSentEvents;
using System.Text.Json;

namespace TrainingService.Client;

/// <summary>
/// Reads the <c>text/event-stream</c> of <c>/api/training-jobs/{id}/events</c> (and the tenant's stream) into
/// <see cref="TrainingJobEvent"/>s; <paramref name="jobId"/> is the job of a one-job stream, for its epoch events
/// (whose rows do not name it).
/// </summary>
internal sealed class TrainingJobEventParser(Guid? jobId) : IEventStreamFormat<TrainingJobEvent>
{
    public SseParser<TrainingJobEvent?> CreateParser(Stream stream) =>
        SseParser.Create(stream, (type, data) => Parse(type, data, jobId));

    public TrainingJobEvent? WithId(SseItem<TrainingJobEvent?> item) =>
        item.Data is null || !long.TryParse(item.EventId, out long id) ? item.Data : item.Data with { Id = id };

    public long? IdOf(TrainingJobEvent item) => item.Id;

    public bool IsEnd(TrainingJobEvent item) => item is EndEvent;

    public static TrainingJobEvent? Parse(string type, ReadOnlySpan<byte> data, Guid? jobId) => type switch
    {
        "status" => ClientJson.DeserializeEvent<StatusEvent>(data),
        "epoch" => new EpochEvent(JobIdOf(data) ?? jobId ?? Guid.Empty, ClientJson.DeserializeEvent<TrainingEpoch>(data)),
        "progress" => ClientJson.DeserializeEvent<ProgressEvent>(data),
        "end" => ClientJson.DeserializeEvent<EndEvent>(data),
        _ => null,
    };

    /// <summary>An epoch row carries its job id only on streams of more than one job.</summary>
    private static Guid? JobIdOf(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("jobId", out var id) && id.TryGetGuid(out var guid) ? guid : null;
    }
}
