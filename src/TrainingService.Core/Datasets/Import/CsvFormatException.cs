namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// The CSV text is malformed at <see cref="Line"/> (1-based, physical lines; null when no line is to blame) and, where one is to blame,
/// <see cref="Column"/> (1-based). Thrown deep inside the streaming parser and caught by <see cref="DatasetImport"/>,
/// which returns it as a <see cref="CsvReadOutcome.InvalidCsv"/>: it never leaves the import.
/// </summary>
internal sealed class CsvFormatException(string message, long? line, int? column = null) : Exception(message)
{
    public long? Line { get; } = line;

    public int? Column { get; } = column;
}
