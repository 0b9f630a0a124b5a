using System.Runtime.Intrinsics;
using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Regularization;

/// <summary>
/// The L1/L2 penalty gradient added to a gradient g from weight w: <c>g + (l1·sign(w) + 2l2·w)</c>, with
/// <c>sign(0) = 0</c> so a weight sitting at zero gets no L1 push. Same operations in the same order at every width.
/// </summary>
internal readonly struct PenaltyGradientOperator(float l1, float twoL2) : IBinaryKernel
{
    public float Invoke(float w, float g) => g + ((w > 0f ? l1 : w < 0f ? -l1 : 0f) + twoL2 * w);

    public Vector128<float> Invoke(Vector128<float> w, Vector128<float> g)
    {
        var l1Term = Vector128.ConditionalSelect(Vector128.GreaterThan(w, Vector128<float>.Zero), Vector128.Create(l1),
            Vector128.ConditionalSelect(Vector128.LessThan(w, Vector128<float>.Zero), Vector128.Create(-l1), Vector128<float>.Zero));
        return g + (l1Term + Vector128.Create(twoL2) * w);
    }

    public Vector256<float> Invoke(Vector256<float> w, Vector256<float> g)
    {
        var l1Term = Vector256.ConditionalSelect(Vector256.GreaterThan(w, Vector256<float>.Zero), Vector256.Create(l1),
            Vector256.ConditionalSelect(Vector256.LessThan(w, Vector256<float>.Zero), Vector256.Create(-l1), Vector256<float>.Zero));
        return g + (l1Term + Vector256.Create(twoL2) * w);
    }

    public Vector512<float> Invoke(Vector512<float> w, Vector512<float> g)
    {
        var l1Term = Vector512.ConditionalSelect(Vector512.GreaterThan(w, Vector512<float>.Zero), Vector512.Create(l1),
            Vector512.ConditionalSelect(Vector512.LessThan(w, Vector512<float>.Zero), Vector512.Create(-l1), Vector512<float>.Zero));
        return g + (l1Term + Vector512.Create(twoL2) * w);
    }
}
