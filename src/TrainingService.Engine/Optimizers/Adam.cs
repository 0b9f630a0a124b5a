namespace TrainingService.Engine.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2014) with bias correction: <c>m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
/// w ← w − lr·m̂ / (√v̂ + ε)</c>. Weight penalties, if any, are added to the gradients beforehand
/// (see <see cref="AdamW"/> for decoupled decay).
/// </summary>
public sealed class Adam : IOptimizer, IParallelOptimizer
{
    private readonly AdamJob _job = new();
    private readonly OptimizerSlots _slots = new(OptimizerType.Adam, 2);
    private readonly float _beta1, _beta2, _epsilon;

    public Adam(float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        AdamKernel.Validate(beta1, beta2, epsilon);
        (_beta1, _beta2, _epsilon) = (beta1, beta2, epsilon);
    }

    public OptimizerType Type => OptimizerType.Adam;

    public long StepCount => _slots.StepCount;

    /// <summary>Threads a step may use on large parameters; results are bit-identical for any value.</summary>
    public int MaxThreads { get; set; } = 1;

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _slots.Prepare(parameters);
        var (stepSize, invSqrtC2) = AdamKernel.Corrections(_slots.StepCount + 1, learningRate, _beta1, _beta2);
        _job.Run(parameters, _slots, _beta1, _beta2, _epsilon, stepSize, invSqrtC2, MaxThreads);
        _slots.StepCount++;
    }

    public OptimizerState GetState() => _slots.ToState();

    public void SetState(OptimizerState state) => _slots.Load(state);
}
