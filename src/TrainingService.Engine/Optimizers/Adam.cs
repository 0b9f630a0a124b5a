namespace TrainingService.Engine.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2014) with bias correction: <c>m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
/// w ← w − lr·m̂ / (√v̂ + ε)</c>. Weight penalties, if any, are added to the gradients beforehand
/// (see <see cref="AdamW"/> for decoupled decay).
/// </summary>
public sealed class Adam(float beta1 = Adam.DefaultBeta1, float beta2 = Adam.DefaultBeta2, float epsilon = Adam.DefaultEpsilon)
    : IOptimizer, IParallelOptimizer, ILayerwiseOptimizer
{
    /// <summary>The learning rate a spec that names none gets.</summary>
    public const float DefaultLearningRate = 0.001f;

    /// <summary>The first-moment decay β1 a spec that names none gets.</summary>
    public const float DefaultBeta1 = 0.9f;

    /// <summary>The second-moment decay β2 a spec that names none gets.</summary>
    public const float DefaultBeta2 = 0.999f;

    /// <summary>The denominator guard ε a spec that names none gets.</summary>
    public const float DefaultEpsilon = 1e-8f;

    private readonly AdamMoments _moments = new(OptimizerKind.Adam, beta1, beta2, epsilon);

    public OptimizerKind Type => OptimizerKind.Adam;

    public long StepCount => _moments.StepCount;

    /// <summary>Threads a step may use on large parameters; results are bit-identical for any value.</summary>
    public int MaxThreads { get; set; } = 1;

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate) => _moments.Step(parameters, learningRate, MaxThreads);

    void ILayerwiseOptimizer.BeginStep(IReadOnlyList<Parameter> parameters, float learningRate) =>
        _moments.BeginStep(parameters, learningRate, MaxThreads);

    void ILayerwiseOptimizer.Update(int first, int count) => _moments.Update(first, count);

    void ILayerwiseOptimizer.EndStep() => _moments.EndStep();

    public OptimizerState GetState() => _moments.GetState();

    public void SetState(OptimizerState state) => _moments.SetState(state);
}
