using System.ComponentModel;

namespace TrainingService.Api.Datasets;

/// <summary>A page of a dataset's rows.</summary>
public sealed record DatasetRowsResponse(
    [property: Description("Column names, in the order of the values of each row.")]
    IReadOnlyList<string> Columns,
    [property: Description("Each row's values: numbers as numbers (as stored, float32), categories as their text, missing values as null.")]
    IReadOnlyList<object?[]> Rows,
    long Offset,
    int Limit,
    [property: Description("Rows in the dataset.")]
    long Total);
