namespace TrainingService.Engine.Optimizers;

/// <summary>
/// Snapshot of an optimizer's state: its step count and its per-parameter slot buffers, ordered
/// parameter by parameter and, within a parameter, slot by slot (e.g. Adam: m0, v0, m1, v1, ...).
/// <see cref="Slots"/> is empty before the first step.
/// </summary>
public sealed record OptimizerState(OptimizerKind Type, long StepCount, IReadOnlyList<float[]> Slots);
