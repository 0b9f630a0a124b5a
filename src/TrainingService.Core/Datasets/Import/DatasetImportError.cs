namespace TrainingService.Core.Datasets.Import;

/// <summary>Why an upload was refused, with the place in the CSV text where that is known.</summary>
/// <param name="Line">1-based physical line of the CSV text (the header is line 1).</param>
/// <param name="Column">1-based column position.</param>
/// <param name="ColumnName">The header name of <paramref name="Column"/>, once the header was read.</param>
public sealed record DatasetImportError(DatasetImportErrorKind Kind, string Detail, long? Line = null, int? Column = null, string? ColumnName = null);
