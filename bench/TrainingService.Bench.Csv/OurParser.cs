using System.Globalization;
using TrainingService.Core.Datasets.Import;

namespace TrainingService.Bench.Csv;

/// <summary>Our <see cref="CsvRecordReader"/>, with the number parse <c>ColumnAccumulator.Add</c> does (its fast path, then the BCL's).</summary>
internal sealed class OurParser : ICsvParser
{
    // DatasetImport's limit on one record.
    private const int MaxRecordBytes = 64 << 20;

    public string Name => "ours (CsvRecordReader)";

    public async Task<ParseTotals> ParseAsync(Stream csv, CancellationToken cancellationToken)
    {
        using var reader = new CsvRecordReader(csv, MaxRecordBytes);
        var totals = new ParseTotals();
        if (!await reader.ReadAsync(cancellationToken))
            return totals;
        int columns = reader.FieldCount;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.FieldCount != columns)
                throw new InvalidDataException($"line {reader.Line}, column {Math.Min(reader.FieldCount, columns) + 1}: {reader.FieldCount} fields, header {columns}");
            for (int i = 0; i < columns; i++)
            {
                var field = reader.GetField(i);
                bool parsed = SimpleNumber.TryParse(field, out double value)
                    || double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
                totals.Add(parsed, value);
            }

            totals.AddRecord();
        }

        return totals;
    }
}
