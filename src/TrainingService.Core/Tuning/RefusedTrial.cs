using System.Text.Json;

namespace TrainingService.Core.Tuning;

/// <summary>A trial whose sampled settings a training job's checks refused (a layer too wide for the limits, say).</summary>
public sealed record RefusedTrial(int TrialIndex, IReadOnlyDictionary<string, JsonElement> Parameters, IReadOnlyDictionary<string, string[]> Errors);
