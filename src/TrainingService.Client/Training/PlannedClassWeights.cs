namespace TrainingService.Client;

/// <summary>The class weights of a job's plan: <c>mode</c> <c>balanced</c> or <c>byLabel</c>, and every class's weight as trained with once the worker has fitted the target (until then the request's map, or null for balanced).</summary>
public sealed record PlannedClassWeights(string Mode, IReadOnlyDictionary<string, double>? Resolved);
