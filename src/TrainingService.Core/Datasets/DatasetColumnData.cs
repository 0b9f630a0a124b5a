namespace TrainingService.Core.Datasets;

/// <summary>One column's values for a range of rows, with what is needed to interpret them.</summary>
/// <param name="Ordinal">0-based position of the column in the dataset.</param>
/// <param name="Categories">
/// The whole category dictionary of a categorical column (a value is an index into it); empty for numeric columns.
/// </param>
/// <param name="Values">
/// One float per row: the number for numeric columns, the category index (an exact integer) for categorical ones,
/// NaN for a missing value. The array is the caller's: it is not shared or cached.
/// </param>
public sealed record DatasetColumnData(string Name, int Ordinal, ColumnType Type, IReadOnlyList<string> Categories, float[] Values)
{
    /// <summary>The category of row <paramref name="index"/> of <see cref="Values"/>, null when missing or numeric.</summary>
    public string? CategoryAt(int index) =>
        Type == ColumnType.Categorical && !float.IsNaN(Values[index]) ? Categories[(int)Values[index]] : null;
}
