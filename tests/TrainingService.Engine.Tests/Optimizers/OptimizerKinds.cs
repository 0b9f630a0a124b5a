using TrainingService.Engine.Optimizers;

namespace TrainingService.Engine.Tests.Optimizers;

/// <summary>Every optimizer the engine has, for theories that must cover each one (a new kind is covered at once).</summary>
public static class OptimizerKinds
{
    public static TheoryData<OptimizerKind> All => new(Enum.GetValues<OptimizerKind>());
}
