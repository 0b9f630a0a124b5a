namespace TrainingService.Engine.Schedules;

/// <summary>Builds the schedule a <see cref="LearningRateScheduleSpec"/> describes.</summary>
public static class LearningRateScheduleFactory
{
    public static ILearningRateSchedule Create(LearningRateScheduleSpec? spec, float baseLearningRate, int totalEpochs)
    {
        spec ??= new LearningRateScheduleSpec();
        return spec.Type switch
        {
            ScheduleType.ReduceOnPlateau => new ReduceOnPlateauSchedule(baseLearningRate, spec.Monitor, spec.Mode,
                spec.Factor, spec.Patience, spec.MinDelta, spec.Cooldown, spec.MinLearningRate),
            _ => new ClosedFormSchedule(spec.Type, baseLearningRate, spec.StepSize, spec.EffectiveGamma(),
                spec.MinLearningRate, totalEpochs),
        };
    }
}
