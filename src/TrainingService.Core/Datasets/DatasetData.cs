namespace TrainingService.Core.Datasets;

/// <summary>Rows <see cref="RowOffset"/> to <see cref="RowOffset"/> + <see cref="RowCount"/> of some columns of a dataset.</summary>
/// <param name="TotalRows">Rows in the whole dataset.</param>
/// <param name="Columns">The requested columns, in the order they were asked for (dataset order when all).</param>
public sealed record DatasetData(Guid Id, string Name, long TotalRows, long RowOffset, int RowCount, IReadOnlyList<DatasetColumnData> Columns);
