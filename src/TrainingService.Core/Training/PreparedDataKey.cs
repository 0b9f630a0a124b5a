using System.Text.Json;
using TrainingService.Core.Models;

namespace TrainingService.Core.Training;

/// <summary>
/// Names a job's <see cref="PreparedData"/> by everything <see cref="TrainingPreparation"/> reads to make it: the
/// tenant and datasets (stored datasets never change), the target, features, task, loss (it decides the output layer and
/// so the target's encoding), the preprocessing, the weight column and the split (fraction or fold, and its seed).
/// Layers, optimizer, epochs and batch size are not read, so a tuning search's trials share one key.
/// </summary>
public static class PreparedDataKey
{
    /// <summary>The key, or null when the job's data is not kept: a continued job fits nothing and keeps its first job's preprocessing.</summary>
    public static string? Of(TrainingJob job, TrainingJobParameters options, ModelDefinition definition) =>
        options.InitFromJobId is not null ? null : JsonSerializer.Serialize(new
        {
            job.TenantId,
            job.RecordedDatasetId,
            options.ValidationDatasetId,
            options.ValidationSplit,
            options.Fold,
            options.Seed,
            options.WeightColumn,
            definition.Task,
            definition.TargetColumn,
            definition.FeatureColumns,
            definition.Loss,
            definition.HuberDelta,
            definition.Preprocessing,
        });
}
