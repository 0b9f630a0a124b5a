namespace TrainingService.Client;

/// <summary>What every <see cref="EventStreamReader{TEvent}"/> shares.</summary>
internal static class EventStreamReader
{
    /// <summary>Errors in a row (failed connections or reads, no event between them) after which the last one is thrown.</summary>
    public const int MaxConsecutiveFailures = 10;
}
