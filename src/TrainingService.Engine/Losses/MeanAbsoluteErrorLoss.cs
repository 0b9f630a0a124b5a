using System.Numerics.Tensors;
using TrainingService.Engine.Activations;
using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Losses;

/// <summary><c>L = mean(|y − t|)</c> over all <c>batch·width</c> elements; <c>∂L/∂y = sign(y − t)/n</c>, 0 where equal.</summary>
public sealed class MeanAbsoluteErrorLoss : ILoss
{
    public LossKind Kind => LossKind.MeanAbsoluteError;

    public ActivationKind FusedActivation => ActivationKind.Linear;

    public float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int batch, int width)
    {
        int n = LossShape.Check(output, target, gradient, batch, width);
        Span<float> g = gradient[..n];
        TensorPrimitives.Subtract(output[..n], target[..n], g);
        float loss = TensorPrimitives.SumOfMagnitudes(g) / n;
        ElementWise.Map(new ScaledSignOperator(1f / n), g, g);
        return loss;
    }
}
