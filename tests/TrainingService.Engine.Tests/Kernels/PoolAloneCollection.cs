namespace TrainingService.Engine.Tests.Kernels;

/// <summary>
/// Tests that need <see cref="TrainingService.Engine.Kernels.ComputePool.Shared"/> free, so that a threaded
/// call really runs threaded: xunit runs this collection after all the parallel ones, alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PoolAloneCollection
{
    public const string Name = "Compute pool alone";
}
