namespace TrainingService.Engine.Optimizers;

/// <summary>
/// What <see cref="Adam"/> and <see cref="AdamW"/> share: the two moment slots per parameter, the step count and the
/// fused, bias-corrected update, threaded over large parameters.
/// </summary>
internal sealed class AdamMoments
{
    private readonly AdamJob _job = new();
    private readonly OptimizerSlots _slots;
    private readonly float _beta1, _beta2, _epsilon;
    private IReadOnlyList<Parameter> _stepParameters = [];
    private float _stepSize, _invSqrtC2;
    private int _stepThreads;

    public AdamMoments(OptimizerKind type, float beta1, float beta2, float epsilon)
    {
        AdamKernel.Validate(beta1, beta2, epsilon);
        _slots = new OptimizerSlots(type);
        (_beta1, _beta2, _epsilon) = (beta1, beta2, epsilon);
    }

    public long StepCount => _slots.StepCount;

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate, int maxThreads)
    {
        BeginStep(parameters, learningRate, maxThreads);
        Update(0, parameters.Count);
        EndStep();
    }

    /// <summary>See <see cref="ILayerwiseOptimizer"/>: the bias corrections are those of the step being begun.</summary>
    public void BeginStep(IReadOnlyList<Parameter> parameters, float learningRate, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _slots.Prepare(parameters);
        (_stepSize, _invSqrtC2) = AdamKernel.Corrections(_slots.StepCount + 1, learningRate, _beta1, _beta2);
        (_stepParameters, _stepThreads) = (parameters, maxThreads);
    }

    public void Update(int first, int count) =>
        _job.Run(_stepParameters, first, count, _slots, _beta1, _beta2, _epsilon, _stepSize, _invSqrtC2, _stepThreads);

    public void EndStep()
    {
        _stepParameters = [];
        _slots.StepCount++;
    }

    public OptimizerState GetState() => _slots.ToState();

    public void SetState(OptimizerState state) => _slots.Load(state);
}
