using System.Numerics.Tensors;

namespace TrainingService.Engine.Optimizers;

/// <summary>Plain stochastic gradient descent: <c>w ← w − lr·g</c>.</summary>
public sealed class Sgd : IOptimizer, ILayerwiseOptimizer
{
    /// <summary>The learning rate a spec that names none gets.</summary>
    public const float DefaultLearningRate = 0.01f;

    private readonly OptimizerSlots _slots = new(OptimizerKind.Sgd);
    private IReadOnlyList<Parameter> _stepParameters = [];
    private float _learningRate;

    public OptimizerKind Type => OptimizerKind.Sgd;

    public long StepCount => _slots.StepCount;

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate) => ILayerwiseOptimizer.StepAll(this, parameters, learningRate);

    void ILayerwiseOptimizer.BeginStep(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        (_stepParameters, _learningRate) = (parameters, learningRate);
    }

    void ILayerwiseOptimizer.Update(int first, int count)
    {
        for (int p = first; p < first + count; p++)
        {
            float[] w = _stepParameters[p].Value;
            TensorPrimitives.MultiplyAdd(_stepParameters[p].Gradient, -_learningRate, w, w);
        }
    }

    void ILayerwiseOptimizer.EndStep()
    {
        _stepParameters = [];
        _slots.StepCount++;
    }

    public OptimizerState GetState() => _slots.ToState();

    public void SetState(OptimizerState state) => _slots.Load(state);
}
