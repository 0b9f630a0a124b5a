namespace TrainingService.Engine.Optimizers;

/// <summary>
/// An optimizer whose step can be taken a few parameters at a time, so the trainer can update each layer right
/// after back-propagation has completed its gradients, while they are still in cache, instead of in a separate
/// pass over all of them. <c>BeginStep</c>, <c>Update</c> over every parameter once (in any order and grouping),
/// then <c>EndStep</c> gives the same bits as one <see cref="IOptimizer.Step"/>: each parameter's update reads only
/// its own gradient and state, and the step's constants (bias corrections, the learning rate) are fixed at
/// <c>BeginStep</c>.
/// </summary>
internal interface ILayerwiseOptimizer
{
    /// <summary>Starts a step over <paramref name="parameters"/> (the list <see cref="IOptimizer.Step"/> would get).</summary>
    void BeginStep(IReadOnlyList<Parameter> parameters, float learningRate);

    /// <summary>Updates parameters <c>[first, first + count)</c> of the list given to <see cref="BeginStep"/>.</summary>
    void Update(int first, int count);

    /// <summary>Ends the step (counts it). A step abandoned before this is not counted.</summary>
    void EndStep();

    /// <summary>A whole step in one call: what <see cref="IOptimizer.Step"/> of an implementer does.</summary>
    static void StepAll(ILayerwiseOptimizer optimizer, IReadOnlyList<Parameter> parameters, float learningRate)
    {
        optimizer.BeginStep(parameters, learningRate);
        optimizer.Update(0, parameters.Count);
        optimizer.EndStep();
    }
}
