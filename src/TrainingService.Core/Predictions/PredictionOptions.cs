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
}
