namespace TrainingService.Engine.Schedules;

/// <summary>Chooses the learning rate of each epoch; may react to a monitored quantity.</summary>
public interface ILearningRateSchedule
{
    ScheduleType Type { get; }

    /// <summary>Name of the quantity passed to <see cref="EpochEnded"/>, or null when the schedule ignores it.</summary>
    string? Monitor { get; }

    /// <summary>The learning rate for 0-based <paramref name="epoch"/>.</summary>
    float LearningRate(int epoch);

    /// <summary>Told after each epoch with the monitored value (NaN when <see cref="Monitor"/> is null).</summary>
    void EpochEnded(int epoch, double monitoredValue);

    ScheduleState GetState();

    void SetState(ScheduleState state);
}
