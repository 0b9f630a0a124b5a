using TrainingService.Core.Training;

namespace TrainingService.Api.Tuning;

/// <summary>The <c>end</c> event of a tuning job's stream: its final status and error, and its best trial; the stream closes after it.</summary>
public sealed record TuningEndEvent(Guid TuningJobId, TrainingJobStatus Status, string? Error, int? BestTrialIndex, Guid? BestTrainingJobId, double? BestObjective);
