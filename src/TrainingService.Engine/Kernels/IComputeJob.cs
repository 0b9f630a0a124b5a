namespace TrainingService.Engine.Kernels;

/// <summary>Work split into a fixed number of parts that <see cref="ComputePool"/> runs concurrently.</summary>
internal interface IComputeJob
{
    /// <summary>
    /// Runs part <paramref name="part"/>. Parts may wait for each other (at a barrier) only when the
    /// job is run with as many parts as threads: see <see cref="ComputePool.TryRun"/>.
    /// </summary>
    void Execute(int part);
}
