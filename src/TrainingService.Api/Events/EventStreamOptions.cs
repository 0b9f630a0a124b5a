using System.ComponentModel.DataAnnotations;

namespace TrainingService.Api.Events;

/// <summary>The event streams' settings ("EventStreams" section, e.g. <c>EventStreams__MaxStreamsPerTenant=20</c>).</summary>
public sealed class EventStreamOptions
{
    public const string SectionName = "EventStreams";

    /// <summary>A comment line this often keeps proxies and load balancers from closing an idle stream.</summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// Each stream reads the log this often even without a notification: the safety net for a notification lost
    /// while the listening connection was down, which then only delays an event.
    /// </summary>
    [Range(1, 60)]
    public int PollSeconds { get; set; } = 3;

    /// <summary>Open streams per tenant in one Api process; one more is refused with 429.</summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerTenant { get; set; } = 20;
}
