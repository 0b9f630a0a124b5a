using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;

namespace TrainingService.Engine.Tests.Optimizers;

public sealed class AllocationTests
{
    [Theory]
    [MemberData(nameof(OptimizerKinds.All), MemberType = typeof(OptimizerKinds))]
    public void Step_SteadyStateWithRegularization_AllocatesNothing(OptimizerKind type)
    {
        Parameter[] parameters = [new("w", 8, 33, isWeight: true) { MaxNorm = 1f }, new("b", 1, 33, isWeight: false)];
        parameters[0].Gradient.AsSpan().Fill(0.5f);
        parameters[1].Gradient.AsSpan().Fill(-0.5f);
        IOptimizer optimizer = OptimizerFactory.Create(new OptimizerSpec { Type = type });
        var maxNorm = new MaxNormConstraint();
        long allocated = AllocationMeter.SteadyStateBytes(() => RunStep(parameters, optimizer, maxNorm));

        Assert.Equal(0, allocated);
    }

    private static void RunStep(IReadOnlyList<Parameter> parameters, IOptimizer optimizer, MaxNormConstraint maxNorm)
    {
        WeightPenalty.Apply(parameters, 1e-4f, 1e-3f);
        GradientClipping.ClipByGlobalNorm(parameters, 1f);
        optimizer.Step(parameters, 0.01f);
        maxNorm.Apply(parameters, null);
    }
}
