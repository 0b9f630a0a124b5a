using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Optimizers;

/// <summary>
/// One Adam step over a list of parameters as a single <see cref="ComputePool"/> job (one wake-up per
/// step): each parameter of at least <see cref="MinElementsPerPart"/> values per part is split into
/// contiguous ranges, one per part, starting on multiples of 64 elements; smaller ones run whole in
/// part 0. Every element sees the same operations whatever the split, so the result is bit-identical
/// to a one-thread step. One reusable instance per optimizer, so a step allocates nothing.
/// </summary>
internal sealed class AdamJob : IComputeJob
{
    // Below this many elements per thread the wake-up costs more than the pass it saves.
    public const int MinElementsPerPart = 16_384;

    private IReadOnlyList<Parameter> _parameters = [];
    private OptimizerSlots? _slots;
    private float _beta1, _beta2, _eps, _stepSize, _invSqrtC2;
    private int _first, _end, _parts;

    /// <summary>
    /// Runs the step over parameters <c>[first, first + count)</c> of <paramref name="parameters"/> (whose slots are
    /// those of the same index) on up to <paramref name="maxThreads"/> threads (fewer if the parameters are small
    /// or the pool is busy).
    /// </summary>
    public void Run(IReadOnlyList<Parameter> parameters, int first, int count, OptimizerSlots slots,
        float beta1, float beta2, float eps, float stepSize, float invSqrtC2, int maxThreads)
    {
        int largest = 0;
        for (int p = first; p < first + count; p++)
            largest = Math.Max(largest, parameters[p].Length);
        int parts = Math.Clamp(Math.Min(maxThreads, largest / MinElementsPerPart), 1, ComputePool.Shared.MaxParallelism);
        (_parameters, _slots, _beta1, _beta2, _eps, _stepSize, _invSqrtC2, _parts) = (parameters, slots, beta1, beta2, eps, stepSize, invSqrtC2, parts);
        (_first, _end) = (first, first + count);
        try
        {
            if (parts > 1 && ComputePool.Shared.TryRun(this, parts, threads: parts))
                return;
            _parts = 1;
            Execute(0);
        }
        finally
        {
            (_parameters, _slots) = ([], null);
        }
    }

    public void Execute(int part)
    {
        for (int p = _first; p < _end; p++)
        {
            Parameter parameter = _parameters[p];
            int length = parameter.Length;
            bool split = length / _parts >= MinElementsPerPart;
            if (!split && part != 0)
                continue;
            int start = split ? Boundary(part, length) : 0, end = split ? Boundary(part + 1, length) : length;
            AdamKernel.UpdateRange(parameter.Value, parameter.Gradient, _slots!.GetArray(p, 0), _slots.GetArray(p, 1), start, end,
                _beta1, _beta2, _eps, _stepSize, _invSqrtC2);
        }
    }

    private int Boundary(int part, int length) =>
        part >= _parts ? length : (int)((long)length * part / _parts) & ~63;
}
