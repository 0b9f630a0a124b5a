using System.Numerics.Tensors;
using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Regularization;

/// <summary>
/// L1/L2 weight penalties. The penalty added to the loss is <c>l1·Σ|w| + l2·Σw²</c> over every
/// parameter with <see cref="Parameter.IsWeight"/> (biases and normalization parameters are never
/// penalized), using each parameter's own <see cref="Parameter.L1"/>/<see cref="Parameter.L2"/> when set
/// and the global strengths otherwise. Its gradient <c>l1·sign(w) + 2·l2·w</c> is added to
/// <see cref="Parameter.Gradient"/>, so call this after backward and before the optimizer step.
/// </summary>
public static class WeightPenalty
{
    /// <summary>Adds the penalty gradients in place and returns the penalty term (to add to the loss).</summary>
    public static double Apply(IReadOnlyList<Parameter> parameters, float globalL1, float globalL2)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double penalty = 0;
        for (int p = 0; p < parameters.Count; p++)
            penalty += Apply(parameters[p], globalL1, globalL2);
        return penalty;
    }

    /// <summary>
    /// <see cref="Apply(IReadOnlyList{Parameter}, float, float)"/> for one parameter (0 for one without a penalty);
    /// summing these in parameter order from 0 gives that method's result bit for bit.
    /// </summary>
    internal static double Apply(Parameter parameter, float globalL1, float globalL2)
    {
        if (!parameter.IsWeight)
            return 0;
        float l1 = parameter.L1 ?? globalL1;
        float l2 = parameter.L2 ?? globalL2;
        if (l1 == 0f && l2 == 0f)
            return 0;
        double penalty = Penalty(parameter.Value, l1, l2);
        AddGradient(parameter.Value, parameter.Gradient, l1, l2);
        return penalty;
    }

    /// <summary>The penalty term alone, gradients untouched (e.g. for reporting or finite-difference checks).</summary>
    public static double Compute(IReadOnlyList<Parameter> parameters, float globalL1, float globalL2)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double penalty = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            Parameter parameter = parameters[i];
            if (parameter.IsWeight)
                penalty += Penalty(parameter.Value, parameter.L1 ?? globalL1, parameter.L2 ?? globalL2);
        }
        return penalty;
    }

    private static double Penalty(ReadOnlySpan<float> w, float l1, float l2)
    {
        double sum = 0;
        if (l1 != 0f)
            sum += l1 * (double)TensorPrimitives.SumOfMagnitudes(w);
        if (l2 != 0f)
            sum += l2 * (double)TensorPrimitives.SumOfSquares(w);
        return sum;
    }

    private static void AddGradient(ReadOnlySpan<float> w, Span<float> g, float l1, float l2) =>
        ElementWise.Map(new PenaltyGradientOperator(l1, 2f * l2), w, g, g);
}
