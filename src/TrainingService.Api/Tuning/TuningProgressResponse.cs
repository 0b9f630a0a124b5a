namespace TrainingService.Api.Tuning;

/// <summary>Where a tuning job's trials stand: created of total, and how many are in each state (pruned apart from cancelled).</summary>
public sealed record TuningProgressResponse(int Total, int Created, int Queued, int Running, int Succeeded, int Pruned, int Failed, int Cancelled, int Refused);
