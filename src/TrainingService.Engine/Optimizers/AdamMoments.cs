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

    public AdamMoments(OptimizerKind type, float beta1, float beta2, float epsilon)
    {
        AdamKernel.Validate(beta1, beta2, epsilon);
        _slots = new OptimizerSlots(type);
        (_beta1, _beta2, _epsilon) = (beta1, beta2, epsilon);
    }

    public long StepCount => _slots.StepCount;

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate, int maxThreads)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _slots.Prepare(parameters);
        var (stepSize, invSqrtC2) = AdamKernel.Corrections(_slots.StepCount + 1, learningRate, _beta1, _beta2);
        _job.Run(parameters, _slots, _beta1, _beta2, _epsilon, stepSize, invSqrtC2, maxThreads);
        _slots.StepCount++;
    }

    public OptimizerState GetState() => _slots.ToState();

    public void SetState(OptimizerState state) => _slots.Load(state);
}
