using System.Numerics.Tensors;

namespace TrainingService.Engine.Regularization;

/// <summary>Gradient clipping by global norm: all gradients scaled together so their joint L2 norm is at most a bound.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Computes <c>‖g‖ = √(Σ over all parameters of Σg²)</c> and, when it exceeds <paramref name="maxNorm"/>,
    /// multiplies every gradient by <c>maxNorm/‖g‖</c>. Returns the norm before clipping (NaN/∞ are returned
    /// as is and nothing is scaled, so divergence stays visible).
    /// </summary>
    public static double ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        double norm = GlobalNorm(parameters);
        if (norm > maxNorm && double.IsFinite(norm))
        {
            float scale = (float)(maxNorm / norm);
            for (int i = 0; i < parameters.Count; i++)
                TensorPrimitives.Multiply(parameters[i].Gradient, scale, parameters[i].Gradient);
        }
        return norm;
    }

    /// <summary>Joint L2 norm of all gradients, accumulated per parameter in double.</summary>
    // Indexed loops: foreach over an IReadOnlyList boxes its enumerator, an allocation per batch.
    public static double GlobalNorm(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sum = 0;
        for (int i = 0; i < parameters.Count; i++)
            sum += TensorPrimitives.SumOfSquares(parameters[i].Gradient);
        return Math.Sqrt(sum);
    }
}
