namespace TrainingService.Engine.Specs;

/// <summary>Inverted dropout: in training each feature is zeroed with probability <paramref name="Rate"/> and survivors scaled by 1/(1 − rate); identity at inference.</summary>
/// <param name="Rate">Drop probability in [0, 1).</param>
public sealed record DropoutLayerSpec(float Rate) : LayerSpec
{
    public override void Validate(int index)
    {
        if (!(Rate >= 0f && Rate < 1f)) throw Invalid(index, "rate", $"must be in [0, 1), got {Rate}.");
    }

    public override int OutputSize(int inputSize) => inputSize;

    public override long ParameterCount(int inputSize) => 0;
}
