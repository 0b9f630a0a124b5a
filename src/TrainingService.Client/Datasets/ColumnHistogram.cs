namespace TrainingService.Client;

/// <summary>
/// Counts of a numeric column's values in equal-width bins between its minimum and maximum: bin i holds values in
/// [<c>Edges[i]</c>, <c>Edges[i+1]</c>), the last bin includes its upper edge; missing values are counted apart.
/// </summary>
public sealed record ColumnHistogram(string Column, IReadOnlyList<double> Edges, IReadOnlyList<long> Counts, long MissingCount);
