using System.ComponentModel.DataAnnotations;

namespace TrainingService.Core.Training;

/// <summary>
/// "Training" section (<c>Training__MaxOneHotWidth</c>, ...): how big a job may be. A job beyond a limit is refused
/// with a 400 when it is created, before a worker loads anything, because a worker that runs out of memory is killed
/// without a word and takes its other work with it. The defaults fit a worker with 4 GiB (deploy/ limits it to that).
/// </summary>
public sealed class TrainingOptions
{
    public const string SectionName = "Training";

    /// <summary>Below this many categories the share rule does not apply: a 10-row sample with 6 colours is not an id.</summary>
    public const int IdentifierMinCategories = 50;

    /// <summary>Most categories a categorical feature may have: each becomes one input of the network (one-hot).</summary>
    [Range(1, int.MaxValue)]
    public int MaxOneHotWidth { get; set; } = 1000;

    /// <summary>
    /// A categorical feature with more than <see cref="IdentifierMinCategories"/> categories whose count reaches this
    /// share of the dataset's rows names rows (an id, an email) rather than groups of them; it is refused however narrow.
    /// </summary>
    [Range(0.01, 1.0)]
    public double MaxCategoryShare { get; set; } = 0.5;

    /// <summary>Most values of the input matrices (rows × inputs after one-hot encoding, training and validation).</summary>
    [Range(1, long.MaxValue)]
    public long MaxInputCells { get; set; } = 1L << 28;

    /// <summary>Most trainable parameters (weights and biases) of the network built for the job.</summary>
    [Range(1, long.MaxValue)]
    public long MaxParameters { get; set; } = 25_000_000;

    /// <summary>Most memory a job is planned to take in a worker (<see cref="TrainingJobPlan.MemoryBytes"/>).</summary>
    [Range(1, long.MaxValue)]
    public long MaxJobMemoryBytes { get; set; } = 2L << 30;

    /// <summary>
    /// The rate (10⁹ floating-point operations a second) a worker's job is assumed to train at, for the dry run's epoch
    /// time (<see cref="TrainingJobPlan.EpochSeconds"/>). The default is the engine's measured end-to-end rate on one
    /// Zen 4 core: bench/README.md's Fashion-MNIST epoch (784-256-128-10, 60,000 training and 10,000 test rows,
    /// 6.52·10¹⁰ operations by the plan's count) took 0.729 s at 1 thread, 89 GFLOPS; 0.434 s at 2 threads, 150.
    /// Set it to the workers' figure (their engine threads, their CPU). Small networks run below it (per-batch
    /// overheads the count leaves out), so their estimate is a lower bound.
    /// </summary>
    [Range(0.001, 1_000_000)]
    public double EstimateGflops { get; set; } = 89;
}
