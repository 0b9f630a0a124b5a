using System.Text.Json;

namespace TrainingService.Client;

/// <summary>A page of a dataset's rows: each row's values in <see cref="Columns"/> order, numbers as JSON numbers, categories as strings, missing values as JSON null.</summary>
public sealed record DatasetRows(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<JsonElement>> Rows,
    long Offset,
    int Limit,
    long Total);
