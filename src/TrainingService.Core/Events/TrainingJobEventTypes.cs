namespace TrainingService.Core.Events;

/// <summary>The event stream's event names; the durable ones are also <see cref="TrainingJobEvent.Type"/>.</summary>
public static class TrainingJobEventTypes
{
    public const string Status = "status";
    public const string Epoch = "epoch";
    public const string Progress = "progress";
    public const string End = "end";
}
