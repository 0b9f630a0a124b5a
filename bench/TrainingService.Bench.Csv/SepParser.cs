using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace TrainingService.Bench.Csv;

/// <summary>
/// Sep, unescaping quotes as ours does. With <paramref name="fastFloat"/> numbers go through Sep's own parser
/// (csFastFloat), else through the same <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out double)"/>
/// as ours, to tell the tokenizer's share from the number parser's.
/// </summary>
internal sealed class SepParser(bool fastFloat, Encoding? encoding = null) : ICsvParser
{
    public string Name => fastFloat ? "Sep 0.18 (its float parser)" : "Sep 0.18 (double.TryParse)";

    public async Task<ParseTotals> ParseAsync(Stream csv, CancellationToken cancellationToken)
    {
        var options = Sep.New(',').Reader(o => o with
        {
            Unescape = true,
            CultureInfo = CultureInfo.InvariantCulture,
            // Checked below, to name the line the way the importer would.
            DisableColCountCheck = true,
        });
        using var reader = encoding is null
            ? await options.FromAsync(csv, cancellationToken)
            : await options.FromAsync(new StreamReader(csv, encoding), cancellationToken);
        var totals = new ParseTotals();
        int columns = reader.Header.ColNames.Count;
        while (await reader.MoveNextAsync(cancellationToken))
            Add(reader.Current, columns, totals);
        return totals;
    }

    private void Add(SepReader.Row row, int columns, ParseTotals totals)
    {
        if (row.ColCount != columns)
            throw new InvalidDataException($"line {row.LineNumberFrom}, column {Math.Min(row.ColCount, columns) + 1}: {row.ColCount} fields, header {columns}");
        for (int i = 0; i < columns; i++)
        {
            double value;
            bool parsed = fastFloat
                ? row[i].TryParse(out value)
                : double.TryParse(row[i].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            totals.Add(parsed, value);
        }

        totals.AddRecord();
    }
}
