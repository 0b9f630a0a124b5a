namespace TrainingService.Client;

/// <summary>Where a tuning job's trials stand: created of total, and how many are in each state (pruned apart from cancelled; refused: settings a training job's checks turned down).</summary>
public sealed record TuningProgress(int Total, int Created, int Queued, int Running, int Succeeded, int Pruned, int Failed, int Cancelled, int Refused);
