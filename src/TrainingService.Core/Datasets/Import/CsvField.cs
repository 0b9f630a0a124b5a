namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// One field of a <see cref="CsvRecordReader"/> record: its bytes in the reader's buffer (inside the quotes of a
/// quoted field), whether it holds <c>""</c> escapes still to be undone, and the physical line it starts on.
/// </summary>
internal readonly record struct CsvField(int Start, int Length, bool HasEscapedQuotes, long Line);
