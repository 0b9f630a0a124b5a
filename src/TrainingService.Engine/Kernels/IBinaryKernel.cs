using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

/// <summary>An element-wise function <c>f(x, y)</c> at every vector width; see <see cref="IUnaryKernel"/>.</summary>
internal interface IBinaryKernel
{
    float Invoke(float x, float y);

    Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);

    Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}
