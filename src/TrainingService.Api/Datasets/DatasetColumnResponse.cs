using System.ComponentModel;
using TrainingService.Core.Datasets;

namespace TrainingService.Api.Datasets;

/// <summary>One column: its inferred type and statistics over its non-missing values (null where they do not apply).</summary>
public sealed record DatasetColumnResponse(
    string Name,
    [property: Description("numeric when every non-missing value is a number (invariant culture), otherwise categorical.")]
    ColumnType Type,
    [property: Description("Values that are empty, NA, NaN or null.")]
    long MissingCount,
    [property: Description("Numeric columns only: smallest value.")]
    double? Min,
    [property: Description("Numeric columns only: largest value.")]
    double? Max,
    [property: Description("Numeric columns only: arithmetic mean.")]
    double? Mean,
    [property: Description("Numeric columns only: population standard deviation (divided by n, not n - 1).")]
    double? Std,
    [property: Description("Categorical columns only: number of distinct categories.")]
    int? DistinctCount,
    [property: Description("Categorical columns only: the first 100 categories in first-seen order.")]
    IReadOnlyList<string>? Categories);
