using System.Numerics.Tensors;

namespace TrainingService.Engine.Optimizers;

/// <summary>Plain stochastic gradient descent: <c>w ← w − lr·g</c>.</summary>
public sealed class Sgd : IOptimizer
{
    /// <summary>The learning rate a spec that names none gets.</summary>
    public const float DefaultLearningRate = 0.01f;

    private readonly OptimizerSlots _slots = new(OptimizerKind.Sgd);

    public OptimizerKind Type => OptimizerKind.Sgd;

    public long StepCount => _slots.StepCount;

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        for (int p = 0; p < parameters.Count; p++)
        {
            float[] w = parameters[p].Value;
            TensorPrimitives.MultiplyAdd(parameters[p].Gradient, -learningRate, w, w);
        }
        _slots.StepCount++;
    }

    public OptimizerState GetState() => _slots.ToState();

    public void SetState(OptimizerState state) => _slots.Load(state);
}
