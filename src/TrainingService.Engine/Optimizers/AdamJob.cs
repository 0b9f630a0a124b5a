using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Optimizers;

/// <summary>
/// <see cref="AdamKernel.Update"/> over one parameter split into contiguous element ranges, one per
/// <see cref="ComputePool"/> part. Range boundaries are multiples of 64 elements so each part starts
/// on a cache line. One reusable instance per calling thread, so a step allocates nothing.
/// </summary>
internal sealed class AdamJob : IComputeJob
{
    [ThreadStatic]
    private static AdamJob? t_cached;

    private float[] _w = [], _g = [], _m = [], _v = [];
    private float _beta1, _beta2, _eps, _stepSize, _invSqrtC2;
    private int _parts;

    public static AdamJob ForCurrentThread => t_cached ??= new AdamJob();

    public void Prepare(float[] w, float[] g, float[] m, float[] v, float beta1, float beta2, float eps, float stepSize, float invSqrtC2, int parts)
    {
        (_w, _g, _m, _v) = (w, g, m, v);
        (_beta1, _beta2, _eps, _stepSize, _invSqrtC2, _parts) = (beta1, beta2, eps, stepSize, invSqrtC2, parts);
    }

    /// <summary>Drops the references to the parameter's arrays.</summary>
    public void Release() => _w = _g = _m = _v = [];

    public void Execute(int part)
    {
        int length = _w.Length;
        AdamKernel.UpdateRange(_w, _g, _m, _v, Boundary(part, length), Boundary(part + 1, length),
            _beta1, _beta2, _eps, _stepSize, _invSqrtC2);
    }

    private int Boundary(int part, int length) =>
        part >= _parts ? length : (int)((long)length * part / _parts) & ~63;
}
