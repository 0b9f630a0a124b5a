using System.Numerics.Tensors;
using TrainingService.Engine.Activations;

namespace TrainingService.Engine.Losses;

/// <summary><c>L = mean((y − t)²)</c> over all <c>batch·width</c> elements; <c>∂L/∂y = 2(y − t)/n</c>.</summary>
public sealed class MeanSquaredErrorLoss : ILoss
{
    public LossKind Kind => LossKind.MeanSquaredError;

    public ActivationKind FusedActivation => ActivationKind.Linear;

    public float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = LossShape.Check(output, target, gradient, batch, width);
        Span<float> g = gradient[..n];
        TensorPrimitives.Subtract(output[..n], target[..n], g);
        float loss = TensorPrimitives.SumOfSquares(g) / n;
        TensorPrimitives.Multiply(g, 2f / n, g);
        return loss;
    }
}
