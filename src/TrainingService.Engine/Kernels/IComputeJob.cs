namespace TrainingService.Engine.Kernels;

/// <summary>Work split into a fixed number of parts that <see cref="ComputePool"/> runs concurrently.</summary>
internal interface IComputeJob
{
    /// <summary>Runs part <paramref name="part"/>; parts must not depend on each other.</summary>
    void Execute(int part);
}
