using System.Globalization;
using System.Text;
using Sylvan.Data.Csv;

namespace TrainingService.Bench.Csv;

/// <summary>
/// Sylvan.Data.Csv. Its <c>GetDouble</c> throws on a non-number, and the importer must try instead, so fields go
/// through <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out double)"/> as ours do.
/// </summary>
internal sealed class SylvanParser(Encoding? encoding = null) : ICsvParser
{
    public string Name => "Sylvan.Data.Csv 1.4.4";

    public async Task<ParseTotals> ParseAsync(Stream csv, CancellationToken cancellationToken)
    {
        var options = new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', Culture = CultureInfo.InvariantCulture };
        using var text = new StreamReader(csv, encoding ?? Encoding.UTF8);
        await using var reader = await CsvDataReader.CreateAsync(text, options, cancellationToken);
        var totals = new ParseTotals();
        int columns = reader.FieldCount;
        while (await reader.ReadAsync(cancellationToken))
        {
            // Sylvan counts records, not physical lines: RowNumber is all it can name.
            if (reader.RowFieldCount != columns)
                throw new InvalidDataException($"row {reader.RowNumber}, column {Math.Min(reader.RowFieldCount, columns) + 1}: {reader.RowFieldCount} fields, header {columns}");
            for (int i = 0; i < columns; i++)
            {
                bool parsed = double.TryParse(reader.GetFieldSpan(i), NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
                totals.Add(parsed, value);
            }

            totals.AddRecord();
        }

        return totals;
    }
}
