using System.Text.Json;

namespace TrainingService.Client;

/// <summary>A trial whose sampled settings a training job's checks refused (a layer too wide for the limits, say), with the errors by field.</summary>
public sealed record RefusedTrial(int TrialIndex, IReadOnlyDictionary<string, JsonElement> Parameters, IReadOnlyDictionary<string, string[]> Errors);
