using System.Numerics.Tensors;

namespace TrainingService.Engine.Optimizers;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019): Adam whose weight decay is decoupled from the gradient — each
/// weight matrix is first shrunk by <c>w ← w·(1 − lr·λ)</c>, then the Adam step is taken on the plain
/// loss gradient, so the decay is not rescaled by the adaptive denominator. Only parameters with
/// <see cref="Parameter.IsWeight"/> decay; biases and normalization scales/shifts do not.
/// </summary>
public sealed class AdamW : IOptimizer, IParallelOptimizer, ILayerwiseOptimizer
{
    /// <summary>The learning rate a spec that names none gets (Adam's).</summary>
    public const float DefaultLearningRate = Adam.DefaultLearningRate;

    /// <summary>The decoupled weight decay λ a spec that names none gets.</summary>
    public const float DefaultWeightDecay = 0.01f;

    private readonly AdamMoments _moments;
    private readonly float _weightDecay;
    private IReadOnlyList<Parameter> _stepParameters = [];
    private float _shrink;

    public AdamW(float beta1 = Adam.DefaultBeta1, float beta2 = Adam.DefaultBeta2, float epsilon = Adam.DefaultEpsilon, float weightDecay = DefaultWeightDecay)
    {
        _moments = new AdamMoments(OptimizerKind.AdamW, beta1, beta2, epsilon);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        _weightDecay = weightDecay;
    }

    public OptimizerKind Type => OptimizerKind.AdamW;

    public long StepCount => _moments.StepCount;

    /// <summary>Threads a step may use on large parameters; results are bit-identical for any value.</summary>
    public int MaxThreads { get; set; } = 1;

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate) => ILayerwiseOptimizer.StepAll(this, parameters, learningRate);

    void ILayerwiseOptimizer.BeginStep(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        _moments.BeginStep(parameters, learningRate, MaxThreads);
        _stepParameters = parameters;
        _shrink = 1f - learningRate * _weightDecay;
    }

    void ILayerwiseOptimizer.Update(int first, int count)
    {
        // Each parameter is shrunk before its own Adam step reads it, as in a whole step done in two passes.
        for (int p = first; p < first + count; p++)
        {
            Parameter parameter = _stepParameters[p];
            if (parameter.IsWeight && _weightDecay != 0f)
                TensorPrimitives.Multiply(parameter.Value, _shrink, parameter.Value);
        }
        _moments.Update(first, count);
    }

    void ILayerwiseOptimizer.EndStep()
    {
        _stepParameters = [];
        _moments.EndStep();
    }

    public OptimizerState GetState() => _moments.GetState();

    public void SetState(OptimizerState state) => _moments.SetState(state);
}
