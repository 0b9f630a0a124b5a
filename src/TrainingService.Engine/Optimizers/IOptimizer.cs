namespace TrainingService.Engine.Optimizers;

/// <summary>
/// A gradient-descent update rule. <see cref="Step"/> updates every parameter's
/// <see cref="Parameter.Value"/> in place from its <see cref="Parameter.Gradient"/>; the gradients are
/// read, never modified. The parameter list must be the same (same order, same shapes) on every call:
/// per-parameter state (moments, accumulators) is allocated on the first call and matched by position.
/// </summary>
public interface IOptimizer
{
    OptimizerKind Type { get; }

    /// <summary>Number of <see cref="Step"/> calls so far (Adam's bias-correction step count).</summary>
    long StepCount { get; }

    /// <summary>Applies one update with the given learning rate. Allocates only on the first call.</summary>
    void Step(IReadOnlyList<Parameter> parameters, float learningRate);

    /// <summary>A deep copy of the optimizer's state, for checkpoints.</summary>
    OptimizerState GetState();

    /// <summary>Restores state captured by <see cref="GetState"/> on an optimizer of the same type.</summary>
    void SetState(OptimizerState state);
}
