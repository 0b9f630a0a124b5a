namespace TrainingService.Engine.Schedules;

/// <summary>
/// Checkpointed state of a schedule. Only reduce-on-plateau has any (its current rate, best monitored
/// value, epochs without improvement and remaining cooldown); the closed-form schedules return
/// <see cref="None"/>.
/// </summary>
public sealed record ScheduleState(double LearningRate, double Best, int BadEpochs, int CooldownRemaining)
{
    public static ScheduleState None { get; } = new(double.NaN, double.NaN, 0, 0);
}
