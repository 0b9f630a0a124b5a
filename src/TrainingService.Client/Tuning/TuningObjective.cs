namespace TrainingService.Client;

/// <summary>
/// What a tuning job optimizes: an epoch history value (<c>validationLoss</c>, <c>validationAccuracy</c>,
/// <c>validationF1</c>, <c>validationRmse</c>, <c>validationR2</c>, the <c>train…</c> ones) and <c>goal</c>
/// <c>minimize</c> or <c>maximize</c> (null: losses and errors minimize, scores maximize). A trial's objective is the
/// best value over its epochs.
/// </summary>
public sealed record TuningObjective(string Metric, string? Goal = null);
