namespace TrainingService.Bench.Csv;

/// <summary>One CSV parser under test, used the way the importer uses its reader.</summary>
internal interface ICsvParser
{
    string Name { get; }

    /// <summary>
    /// Reads the header, then every field of every record, parsing each as a number. A record whose field count
    /// differs from the header's throws <see cref="InvalidDataException"/> naming the position the parser can give.
    /// </summary>
    Task<ParseTotals> ParseAsync(Stream csv, CancellationToken cancellationToken);
}
