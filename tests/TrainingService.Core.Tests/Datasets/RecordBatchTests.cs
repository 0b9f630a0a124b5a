using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using TrainingService.Core.Datasets;
using TrainingService.Core.Datasets.Import;

namespace TrainingService.Core.Tests.Datasets;

/// <summary>
/// <see cref="RecordBatch"/> (rows parsed into a batch, then column by column, statistics of adjacent columns in one
/// vector) against a value-at-a-time reference: the stored floats and every statistic bit for bit. .ci/run repeats
/// these tests with AVX2 and hardware intrinsics off (other vector widths, the scalar path).
/// </summary>
public sealed class RecordBatchTests
{
    private const int Kinds = 8;

    [Theory]
    [InlineData(3, 25_000)] // batch of 10,922 rows: flushed mid-file and at the end
    [InlineData(37, 3_000)] // several vectors of columns and a scalar tail; batches of 885 rows
    [InlineData(800, 300)] // wider than Fashion-MNIST: a batch of 40 rows
    public async Task AddAndFlush_EveryKindOfColumn_SameValuesAndStatisticsAsValueAtATime(int width, int rows)
    {
        var (csv, cells) = Generate(width, rows, new Random(width));

        var (columns, stored) = await ImportAsync(csv, rows);

        for (int c = 0; c < width; c++)
        {
            var expected = Reference.Of(cells.Select(row => row[c]));
            string at = $"column {c} (kind {c % Kinds})";
            Assert.True(expected.State == columns[c].State, at);
            if (expected.State == ColumnState.Deferred)
                continue;
            Assert.True(expected.Missing == stored[c].MissingCount, at);
            Assert.True(Bits(expected.Values) == Bits(columns[c].TakeBlock(rows)), at);
            Assert.True(expected.Categories.SequenceEqual(stored[c].Categories ?? []), at);
            Assert.True(Bits(expected.Summary) == Bits(stored[c].Min, stored[c].Max, stored[c].Mean, stored[c].Std), at);
        }
    }

    private static async Task<(ColumnAccumulator[] Columns, DatasetColumn[] Stored)> ImportAsync(string csv, int rows)
    {
        using var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), 1 << 20);
        await reader.ReadAsync(CancellationToken.None);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(c => new ColumnAccumulator($"c{c}", c, rows, categorical: false)).ToArray();
        var batch = new RecordBatch(columns);
        int row = 0;
        while (await reader.ReadAsync(CancellationToken.None))
        {
            batch.Add(reader);
            if (++row == rows || batch.Count == batch.Capacity)
                batch.Flush(row - batch.Count);
        }

        batch.Flush(row - batch.Count);
        return (columns, batch.ToColumns(Guid.Empty));
    }

    /// <summary>A CSV whose column c is of kind c mod 8 (see the switch), and its cells' text.</summary>
    private static (string Csv, string[][] Cells) Generate(int width, int rows, Random random)
    {
        var cells = new string[rows][];
        var csv = new StringBuilder(string.Join(',', Enumerable.Range(0, width).Select(c => $"c{c}"))).Append('\n');
        for (int r = 0; r < rows; r++)
        {
            cells[r] = new string[width];
            for (int c = 0; c < width; c++)
            {
                string cell = (c % Kinds) switch
                {
                    0 => random.Next(256).ToString(CultureInfo.InvariantCulture),
                    1 => ((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 8))).ToString("R", CultureInfo.InvariantCulture),
                    2 => random.Next(4) switch { 0 => "-12.5", 1 => "1e-3", 2 => "+7", _ => $"{random.Next(-999, 999)}.{random.Next(100):D2}" },
                    3 => random.Next(5) switch { 0 => "", 1 => "NA", 2 => " nan ", 3 => "null", _ => random.Next(-50, 50).ToString(CultureInfo.InvariantCulture) },
                    4 => random.Next(6) switch { 0 => "-0", 1 => "0", 2 => "1e300", 3 => "-3.5e38", 4 => "12345678901234567890123", _ => "0.1" },
                    5 => r < rows / 3 ? "" : $"t{random.Next(5)}",
                    6 => r == rows * 2 / 3 ? "late text" : random.Next(10).ToString(CultureInfo.InvariantCulture),
                    _ => r == 1 ? "early" : "1",
                };
                cells[r][c] = cell;
                // Quoted now and then: a quoted number without escapes is still a number.
                csv.Append(random.Next(10) == 0 && !cell.Contains('"') ? $"\"{cell}\"" : cell);
                csv.Append(c == width - 1 ? '\n' : ',');
            }
        }

        return (csv.ToString(), cells);
    }

    private static string Bits(ArraySegment<byte> block) => Convert.ToHexString(block);

    private static string Bits(float[] values) => Convert.ToHexString(MemoryMarshal.AsBytes(values.AsSpan()));

    private static string Bits(params double?[] values) =>
        string.Join(' ', values.Select(v => v is double d ? BitConverter.DoubleToInt64Bits(d).ToString("X16", CultureInfo.InvariantCulture) : "null"));

    /// <summary>The import's rules applied one value at a time, the way the importer did before batches.</summary>
    private sealed class Reference
    {
        public ColumnState State { get; private set; } = ColumnState.Numeric;

        public long Missing { get; private set; }

        public List<string> Categories { get; } = [];

        public float[] Values { get; private set; } = [];

        public double?[] Summary { get; private set; } = [];

        public static Reference Of(IEnumerable<string> cells)
        {
            var reference = new Reference();
            var values = new List<float>();
            long count = 0;
            double mean = 0, m2 = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (string cell in cells)
            {
                bool missing = cell.Trim(' ', '\t') is "" || cell.Trim(' ', '\t').ToUpperInvariant() is "NA" or "NAN" or "NULL";
                if (reference.State == ColumnState.Deferred)
                    continue;
                if (reference.State == ColumnState.Numeric && !missing
                    && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x))
                {
                    count++;
                    double delta = x - mean;
                    mean += delta / count;
                    m2 += delta * (x - mean);
                    min = Math.Min(min, x);
                    max = Math.Max(max, x);
                    values.Add((float)x);
                    continue;
                }

                if (missing)
                {
                    reference.Missing++;
                    values.Add(float.NaN);
                    continue;
                }

                if (reference.State == ColumnState.Numeric)
                    reference.State = count > 0 ? ColumnState.Deferred : ColumnState.Categorical;
                if (reference.State == ColumnState.Deferred)
                    continue;
                int index = reference.Categories.IndexOf(cell);
                if (index < 0)
                {
                    index = reference.Categories.Count;
                    reference.Categories.Add(cell);
                }

                values.Add(index);
            }

            reference.Values = [.. values];
            reference.Summary = reference.State == ColumnState.Numeric && count > 0
                ? [min, max, mean, Math.Sqrt(m2 / count)]
                : [null, null, null, null];
            return reference;
        }
    }
}
