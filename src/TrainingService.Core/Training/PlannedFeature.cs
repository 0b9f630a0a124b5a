using TrainingService.Core.Datasets;

namespace TrainingService.Core.Training;

/// <summary>One feature column of a <see cref="TrainingPlan"/>.</summary>
/// <param name="Width">
/// Inputs it becomes: 1 for a numeric column; for a categorical one its categories in the dataset, which the fit
/// narrows to those seen in the training rows (the same unless a category occurs only in validation rows).
/// </param>
public sealed record PlannedFeature(string Column, ColumnType Type, PlannedEncoding Encoding, int Width);
