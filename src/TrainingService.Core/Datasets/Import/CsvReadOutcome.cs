namespace TrainingService.Core.Datasets.Import;

/// <summary>What reading an upload's CSV came to: every row stored in chunks, or refused with where and why.</summary>
public abstract record CsvReadOutcome
{
    public sealed record Read : CsvReadOutcome;

    /// <summary>The file is not a CSV file we can read.</summary>
    /// <param name="Line">1-based physical line of the CSV text (the header is line 1).</param>
    /// <param name="Column">1-based column position.</param>
    /// <param name="ColumnName">The header name of <paramref name="Column"/>, once the header was read.</param>
    public sealed record InvalidCsv(string Detail, long? Line = null, int? Column = null, string? ColumnName = null) : CsvReadOutcome;

    /// <summary>The upload or its decompressed text is over a configured limit.</summary>
    public sealed record TooLarge(string Detail) : CsvReadOutcome;
}
