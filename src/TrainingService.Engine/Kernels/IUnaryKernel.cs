using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// An element-wise function <c>f(x)</c> at every vector width, as a struct so that
/// <see cref="ElementWise"/> is specialized and inlined per function by the JIT.
/// Every width must compute bit-identical results to the scalar form.
/// </summary>
internal interface IUnaryKernel
{
    float Invoke(float x);

    Vector128<float> Invoke(Vector128<float> x);

    Vector256<float> Invoke(Vector256<float> x);

    Vector512<float> Invoke(Vector512<float> x);
}
