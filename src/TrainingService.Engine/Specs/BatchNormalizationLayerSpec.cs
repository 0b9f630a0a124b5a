namespace TrainingService.Engine.Specs;

/// <summary>
/// Batch normalization per feature: <c>y = γ(x − μ)/√(σ² + ε) + β</c>, with batch statistics in
/// training and running statistics at inference, updated as <c>running = m·running + (1 − m)·batch</c>
/// (Keras convention: biased batch variance, momentum 0.99, ε = 0.001).
/// </summary>
public sealed record BatchNormalizationLayerSpec(float Momentum = 0.99f, float Epsilon = 0.001f) : LayerSpec
{
    public override void Validate(int index)
    {
        if (!(Momentum >= 0f && Momentum < 1f)) throw Invalid(index, "momentum", $"must be in [0, 1), got {Momentum}.");
        if (!(Epsilon > 0f && float.IsFinite(Epsilon))) throw Invalid(index, "epsilon", $"must be finite and > 0, got {Epsilon}.");
    }

    public override int OutputSize(int inputSize) => inputSize;

    /// <summary>A scale γ and a shift β per feature (the running statistics are state, not trained).</summary>
    public override long ParameterCount(int inputSize) => 2L * inputSize;
}
