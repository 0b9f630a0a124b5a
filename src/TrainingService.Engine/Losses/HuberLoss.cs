using System.Numerics.Tensors;
using TrainingService.Engine.Activations;

namespace TrainingService.Engine.Losses;

/// <summary>
/// Huber loss, mean over all <c>batch·width</c> elements of <c>½r²</c> for <c>|r| ≤ δ</c> and
/// <c>δ(|r| − ½δ)</c> beyond, with <c>r = y − t</c>; <c>∂L/∂y = clamp(r, −δ, δ)/n</c>.
/// </summary>
public sealed class HuberLoss : ILoss
{
    public const float DefaultDelta = 1f;

    public HuberLoss(float delta = DefaultDelta)
    {
        if (!(delta > 0f) || !float.IsFinite(delta))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber δ must be finite and > 0.");
        Delta = delta;
    }

    public float Delta { get; }

    public LossKind Kind => LossKind.Huber;

    public ActivationKind FusedActivation => ActivationKind.Linear;

    public float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = LossShape.Check(output, target, gradient, batch, width);
        Span<float> g = gradient[..n];
        TensorPrimitives.Subtract(output[..n], target[..n], g);
        double sum = 0;
        double delta = Delta;
        foreach (float r in g)
        {
            double a = Math.Abs((double)r);
            sum += a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
        }
        TensorPrimitives.Clamp(g, -Delta, Delta, g);
        TensorPrimitives.Multiply(g, 1f / n, g);
        return (float)(sum / n);
    }
}
