using TrainingService.Engine.Activations;
using TrainingService.Engine.Initializers;

namespace TrainingService.Engine.Specs;

/// <summary>
/// Fully connected layer: <c>y = f(x·W + b)</c> with <c>W</c> <c>[in, Units]</c> and bias <c>[1, Units]</c>.
/// </summary>
/// <param name="Units">Output features, ≥ 1.</param>
/// <param name="Activation">Activation fused into the layer; Linear for none.</param>
/// <param name="ActivationAlpha">Leaky ReLU slope or ELU α; null for the default (0.01 / 1).</param>
/// <param name="L1">Per-layer L1 strength on W; null means the training's global setting.</param>
/// <param name="L2">Per-layer L2 strength on W; null means the training's global setting.</param>
/// <param name="MaxNorm">Max L2 norm of each unit's incoming weights; null for none.</param>
/// <param name="Initializer">Overrides the network's initializer for W; null to use it.</param>
public sealed record DenseLayerSpec(
    int Units,
    ActivationKind Activation = ActivationKind.Linear,
    float? ActivationAlpha = null,
    float? L1 = null,
    float? L2 = null,
    float? MaxNorm = null,
    InitializerKind? Initializer = null) : LayerSpec
{
    public override void Validate(int index)
    {
        if (Units <= 0) throw Invalid(index, "units", $"must be ≥ 1, got {Units}.");
        if (!Enum.IsDefined(Activation)) throw Invalid(index, "activation", $"unknown activation {(int)Activation}.");
        ActivationLayerSpec.ValidateAlpha(index, "activationAlpha", Activation, ActivationAlpha);
        if (L1 is { } l1 && !(l1 >= 0f && float.IsFinite(l1))) throw Invalid(index, "l1", $"must be finite and ≥ 0, got {l1}.");
        if (L2 is { } l2 && !(l2 >= 0f && float.IsFinite(l2))) throw Invalid(index, "l2", $"must be finite and ≥ 0, got {l2}.");
        if (MaxNorm is { } m && !(m > 0f && float.IsFinite(m))) throw Invalid(index, "maxNorm", $"must be finite and > 0, got {m}.");
        if (Initializer is { } i && !Enum.IsDefined(i)) throw Invalid(index, "initializer", $"unknown initializer {(int)i}.");
    }

    public override int OutputSize(int inputSize) => Units;

    /// <summary>Weights <c>[inputSize, Units]</c> and a bias per unit.</summary>
    public override long ParameterCount(int inputSize) => ((long)inputSize + 1) * Units;
}
