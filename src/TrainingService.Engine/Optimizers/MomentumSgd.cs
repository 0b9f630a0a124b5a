using TrainingService.Engine.Kernels;

namespace TrainingService.Engine.Optimizers;

/// <summary>
/// SGD with heavy-ball momentum, in the form that keeps the velocity independent of the learning rate
/// (so a schedule changing the rate does not rescale past steps): <c>v ← μ·v + g; w ← w − lr·v</c>,
/// or with <c>nesterov</c> the look-ahead variant <c>w ← w − lr·(g + μ·v)</c>.
/// </summary>
public sealed class MomentumSgd : IOptimizer, ILayerwiseOptimizer
{
    /// <summary>The learning rate a spec that names none gets (plain SGD's).</summary>
    public const float DefaultLearningRate = Sgd.DefaultLearningRate;

    /// <summary>The momentum coefficient μ a spec that names none gets.</summary>
    public const float DefaultMomentum = 0.9f;

    private readonly OptimizerSlots _slots;
    private readonly float _momentum;
    private readonly bool _nesterov;
    private IReadOnlyList<Parameter> _stepParameters = [];
    private float _learningRate;

    public MomentumSgd(float momentum = DefaultMomentum, bool nesterov = false)
    {
        if (!(momentum >= 0f && momentum < 1f))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        _momentum = momentum;
        _nesterov = nesterov;
        _slots = new OptimizerSlots(Type);
    }

    public OptimizerKind Type => _nesterov ? OptimizerKind.Nesterov : OptimizerKind.Momentum;

    public long StepCount => _slots.StepCount;

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate) => ILayerwiseOptimizer.StepAll(this, parameters, learningRate);

    void ILayerwiseOptimizer.BeginStep(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _slots.Prepare(parameters);
        (_stepParameters, _learningRate) = (parameters, learningRate);
    }

    void ILayerwiseOptimizer.Update(int first, int count)
    {
        for (int p = first; p < first + count; p++)
            Update(_stepParameters[p].Value, _stepParameters[p].Gradient, _slots.Get(p, 0), _learningRate, _momentum, _nesterov);
    }

    void ILayerwiseOptimizer.EndStep()
    {
        _stepParameters = [];
        _slots.StepCount++;
    }

    public OptimizerState GetState() => _slots.ToState();

    public void SetState(OptimizerState state) => _slots.Load(state);

    private static void Update(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float lr, float mu, bool nesterov)
    {
        if (nesterov)
            ElementWise.Update(new NesterovOperator(lr, mu), w, g, v);
        else
            ElementWise.Update(new MomentumOperator(lr, mu), w, g, v);
    }
}
