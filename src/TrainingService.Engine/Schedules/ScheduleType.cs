namespace TrainingService.Engine.Schedules;

/// <summary>The learning-rate schedules a <see cref="LearningRateScheduleSpec"/> can name.</summary>
public enum ScheduleType
{
    Constant,
    Step,
    Exponential,
    Cosine,
    ReduceOnPlateau,
}
