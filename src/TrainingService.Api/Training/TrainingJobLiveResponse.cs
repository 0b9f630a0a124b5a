namespace TrainingService.Api.Training;

/// <summary>The parts of a job's response read beside its row (<see cref="Core.Training.TrainingJobLiveness"/>).</summary>
public sealed record TrainingJobLiveResponse(bool Stale, int? QueuePosition = null, IReadOnlyList<StatusTransitionResponse>? Transitions = null);
