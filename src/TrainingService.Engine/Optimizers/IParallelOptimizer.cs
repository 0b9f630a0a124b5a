namespace TrainingService.Engine.Optimizers;

/// <summary>An optimizer whose step can split large parameters across threads (bit-identically).</summary>
public interface IParallelOptimizer
{
    /// <summary>Most threads a step may use, the caller's included; at least 1.</summary>
    int MaxThreads { get; set; }
}
