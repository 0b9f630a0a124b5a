using System.ComponentModel.DataAnnotations;

namespace TrainingService.Core.Predictions;

/// <summary>"Predictions" section (<c>Predictions__ModelCacheMegabytes</c>): the serving path's memory.</summary>
public sealed class PredictionOptions
{
    public const string SectionName = "Predictions";

    /// <summary>
    /// Most memory the trained networks kept between predictions may hold (<see cref="TrainedModelCache"/>);
    /// 0 turns the cache off and every prediction reads and decodes its model again.
    /// </summary>
    [Range(0, 1 << 20)]
    public int ModelCacheMegabytes { get; set; } = 256;

    /// <summary>
    /// Rows an asynchronous prediction reads, scores and stores at a time: with the model's columns, what a worker
    /// holds of the dataset at once (<c>Predictions__ScoringChunkRows</c>).
    /// </summary>
    [Range(1, 100_000)]
    public int ScoringChunkRows { get; set; } = 10_000;

    /// <summary>
    /// Rows carrying the target whose outputs an asynchronous prediction keeps for its evaluation, which needs them all
    /// at once (ROC AUC sorts them, the residual summary takes quantiles); rows past this are scored but not evaluated,
    /// and a warning says so. About 20 bytes a row plus 4 per output.
    /// </summary>
    [Range(0, 100_000_000)]
    public int MaxEvaluatedRows { get; set; } = 2_000_000;
}
