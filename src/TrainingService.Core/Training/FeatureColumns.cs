using TrainingService.Core.Models;

namespace TrainingService.Core.Training;

/// <summary>The feature columns a job trains on: the model's list, else every dataset column but the target and the job's weight column.</summary>
internal static class FeatureColumns
{
    public static IReadOnlyList<string> Of(ModelDefinition definition, IEnumerable<string> datasetColumns, string? weightColumn) =>
        definition.FeatureColumns ?? [.. datasetColumns.Where(n => n != definition.TargetColumn && n != weightColumn)];
}
