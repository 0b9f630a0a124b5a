using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// <see cref="IOneSlotUpdateKernel"/> with two per-element states <c>s1</c>, <c>s2</c> (e.g. Adam's two moments).
/// </summary>
internal interface ITwoSlotUpdateKernel
{
    float Invoke(float w, float g, ref float s1, ref float s2);

    Vector128<float> Invoke(Vector128<float> w, Vector128<float> g, ref Vector128<float> s1, ref Vector128<float> s2);

    Vector256<float> Invoke(Vector256<float> w, Vector256<float> g, ref Vector256<float> s1, ref Vector256<float> s2);

    Vector512<float> Invoke(Vector512<float> w, Vector512<float> g, ref Vector512<float> s1, ref Vector512<float> s2);
}
