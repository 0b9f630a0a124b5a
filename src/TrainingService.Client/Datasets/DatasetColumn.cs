namespace TrainingService.Client;

/// <summary>One column with statistics over its non-missing values: min/max/mean/std for numeric columns, distinctCount and the first 100 categories for categorical ones.</summary>
public sealed record DatasetColumn(
    string Name,
    ColumnType Type,
    long MissingCount,
    double? Min,
    double? Max,
    double? Mean,
    double? Std,
    int? DistinctCount,
    IReadOnlyList<string>? Categories);
