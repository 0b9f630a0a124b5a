using TrainingService.Core.Identity;

namespace TrainingService.Core.Events;

/// <summary>
/// One durable event of a training job, in the order it happened: a status change (<see cref="TrainingJobEventTypes.Status"/>)
/// or a stored epoch (<see cref="TrainingJobEventTypes.Epoch"/>). <see cref="Id"/> is one global sequence, so it increases
/// within a job and across a tenant's jobs: it is the event stream's <c>id:</c> and what <c>Last-Event-ID</c> resumes from.
/// Written in the same transaction as the change it records (<see cref="TrainingJobEventLog"/>).
/// </summary>
public sealed class TrainingJobEvent : ITenantOwned
{
    public long Id { get; set; }

    public Guid JobId { get; set; }

    public Guid TenantId { get; set; }

    public required string Type { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>
    /// jsonb: a status event's <see cref="StatusEventData"/>; an epoch event's <c>{"epoch": k}</c>, which refers to the
    /// history row (rows are upserts, and the stream reads the row as stored).
    /// </summary>
    public required string Data { get; set; }
}
