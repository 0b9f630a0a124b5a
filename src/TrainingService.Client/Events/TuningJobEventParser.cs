using System.Net.ServerSentEvents;

namespace TrainingService.Client;

/// <summary>Reads the <c>text/event-stream</c> of <c>/api/tuning-jobs/{id}/events</c> into <see cref="TuningJobEvent"/>s.</summary>
internal sealed class TuningJobEventParser : IEventStreamFormat<TuningJobEvent>
{
    public SseParser<TuningJobEvent?> CreateParser(Stream stream) => SseParser.Create(stream, (type, data) => Parse(type, data));

    public TuningJobEvent? WithId(SseItem<TuningJobEvent?> item) =>
        item.Data is null || !long.TryParse(item.EventId, out long id) ? item.Data : item.Data with { Id = id };

    public long? IdOf(TuningJobEvent item) => item.Id;

    public bool IsEnd(TuningJobEvent item) => item is TuningEndEvent;

    public static TuningJobEvent? Parse(string type, ReadOnlySpan<byte> data) => type switch
    {
        "tuning" => ClientJson.DeserializeEvent<TuningStateEvent>(data),
        "trial" => ClientJson.DeserializeEvent<TrialStatusEvent>(data),
        "trialEpoch" => ClientJson.DeserializeEvent<TrialEpochEvent>(data),
        "end" => ClientJson.DeserializeEvent<TuningEndEvent>(data),
        _ => null,
    };
}
