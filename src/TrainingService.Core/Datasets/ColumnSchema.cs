namespace TrainingService.Core.Datasets;

/// <summary>One column of a <see cref="DatasetSchema"/>: its type, its import statistics and its categories.</summary>
/// <param name="Ordinal">0-based position of the column in the dataset.</param>
/// <param name="CategoryCount">Size of a categorical column's dictionary; 0 for numeric columns.</param>
/// <param name="Categories">
/// The whole dictionary of a categorical column, empty for numeric ones; null when the schema was read without
/// categories (see <see cref="DatasetStore.LoadSchemaAsync"/>).
/// </param>
public sealed record ColumnSchema(
    string Name, int Ordinal, ColumnType Type, int CategoryCount, IReadOnlyList<string>? Categories,
    long MissingCount, double? Min, double? Max, double? Mean, double? Std)
{
    /// <summary>This column with <paramref name="values"/> (one per row; none for a column whose values are streamed).</summary>
    /// <exception cref="InvalidOperationException">The schema was read without categories.</exception>
    public DatasetColumnData WithValues(float[] values) => new(Name, Ordinal, Type,
        Categories ?? throw new InvalidOperationException($"The categories of column '{Name}' were not loaded."), values);
}
