using TrainingService.Engine.Activations;

namespace TrainingService.Engine.Specs;

/// <summary>A standalone activation layer, <c>y = f(x)</c>, same width in and out.</summary>
/// <param name="Activation">The function applied.</param>
/// <param name="Alpha">Leaky ReLU slope or ELU α; null for the default.</param>
public sealed record ActivationLayerSpec(ActivationKind Activation, float? Alpha = null) : LayerSpec
{
    public override void Validate(int index)
    {
        if (!Enum.IsDefined(Activation)) throw Invalid(index, "activation", $"unknown activation {(int)Activation}.");
        ValidateAlpha(index, "alpha", Activation, Alpha);
    }

    public override int OutputSize(int inputSize) => inputSize;

    public override long ParameterCount(int inputSize) => 0;

    internal static void ValidateAlpha(int index, string field, ActivationKind kind, float? alpha)
    {
        if (alpha is not { } a) return;
        bool ok = kind switch
        {
            ActivationKind.LeakyRelu => a >= 0f && float.IsFinite(a),
            ActivationKind.Elu => a > 0f && float.IsFinite(a),
            _ => false,
        };
        if (!ok)
            throw Invalid(index, field, kind is ActivationKind.LeakyRelu or ActivationKind.Elu
                ? $"must be finite and {(kind == ActivationKind.Elu ? "> 0" : "≥ 0")}, got {a}."
                : $"{kind} takes no parameter.");
    }
}
