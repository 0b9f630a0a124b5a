using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// An in-place update of a value <c>w</c> and one per-element state <c>s</c> from an input <c>g</c> (an optimizer step:
/// weight, gradient, accumulator) at every vector width: returns the new <c>w</c> and writes the new <c>s</c>.
/// See <see cref="IUnaryKernel"/>; every width must compute bit-identical results to the scalar form.
/// </summary>
internal interface IOneSlotUpdateKernel
{
    float Invoke(float w, float g, ref float s);

    Vector128<float> Invoke(Vector128<float> w, Vector128<float> g, ref Vector128<float> s);

    Vector256<float> Invoke(Vector256<float> w, Vector256<float> g, ref Vector256<float> s);

    Vector512<float> Invoke(Vector512<float> w, Vector512<float> g, ref Vector512<float> s);
}
