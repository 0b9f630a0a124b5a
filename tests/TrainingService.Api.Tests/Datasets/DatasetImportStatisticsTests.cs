using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Datasets;
using static TrainingService.Api.Tests.Datasets.DatasetRequests;

namespace TrainingService.Api.Tests.Datasets;

/// <summary>
/// An upload's stored values and column statistics against the CSV's own numbers taken one value at a time, bit for
/// bit: the importer parses records in batches and updates adjacent columns' statistics together in vectors
/// (RecordBatch, ColumnStatistics), and batches end in the middle of stored chunks.
/// </summary>
public sealed class DatasetImportStatisticsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    // 10 columns: two vectors of adjacent columns (of 4 doubles with AVX2) and a scalar rest; batches of 3,276 rows,
    // so chunk boundaries (every 65,536 rows) fall inside batches.
    private const int Rows = 140_000;
    private static readonly string[] Kinds = ["pixel", "signed", "decimal", "sparse", "edge"];
    private static readonly string[] Names = [.. Kinds.Select(k => k + "1"), .. Kinds.Select(k => k + "2")];

    [Fact]
    public async Task Upload_NumericColumnsAcrossChunksAndBatches_StatisticsAndValuesAsOneValueAtATime()
    {
        var (csv, cells) = Generate(new Random(21));

        var dataset = await UploadOkAsync(factory.CreateClient(), csv);

        var id = Guid.Parse(dataset.GetProperty("id").GetString()!);
        await using var scope = factory.CreateTenantScope();
        var loaded = await scope.ServiceProvider.GetRequiredService<DatasetStore>().LoadAsync(id);
        Assert.NotNull(loaded);
        for (int c = 0; c < Names.Length; c++)
        {
            var numbers = cells.Select(row => row[c]).ToArray();
            var column = Column(dataset, Names[c]);
            Assert.Equal("numeric", column.GetProperty("type").GetString());
            Assert.Equal(numbers.LongCount(double.IsNaN), column.GetProperty("missingCount").GetInt64());
            Assert.Equal(Bits(Welford(numbers)), Bits(Statistic(column, "min"), Statistic(column, "max"), Statistic(column, "mean"), Statistic(column, "std")));
            Assert.Equal(numbers.Select(x => BitConverter.SingleToInt32Bits((float)x)), loaded.Columns[c].Values.Select(BitConverter.SingleToInt32Bits));
        }
    }

    /// <summary>Min, max, mean and population standard deviation by Welford's update, one value at a time in row order.</summary>
    private static double[] Welford(double[] values)
    {
        long count = 0;
        double mean = 0, m2 = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double x in values.Where(v => !double.IsNaN(v)))
        {
            count++;
            double delta = x - mean;
            mean += delta / count;
            m2 += delta * (x - mean);
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }

        return [min, max, mean, Math.Sqrt(m2 / count)];
    }

    private static double Statistic(JsonElement column, string name) => column.GetProperty(name).GetDouble();

    private static string Bits(params double[] values) =>
        string.Join(' ', values.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("X16", CultureInfo.InvariantCulture)));

    /// <summary>The CSV, and each cell's number (NaN when missing) as double.Parse reads it.</summary>
    private static (string Csv, double[][] Cells) Generate(Random random)
    {
        var csv = new StringBuilder(string.Join(',', Names)).Append('\n');
        var cells = new double[Rows][];
        for (int r = 0; r < Rows; r++)
        {
            string[] text = [.. Names.Select((_, c) => Cell(random, c % Kinds.Length))];
            cells[r] = [.. text.Select(t => t is "" or "NA" ? double.NaN : double.Parse(t, CultureInfo.InvariantCulture))];
            csv.AppendJoin(',', text).Append('\n');
        }

        return (csv.ToString(), cells);
    }

    private static string Cell(Random random, int kind) => kind switch
    {
        0 => random.Next(256).ToString(CultureInfo.InvariantCulture),
        1 => random.Next(-500, 500).ToString(CultureInfo.InvariantCulture),
        2 => ((random.NextDouble() - 0.3) * 1e4).ToString("R", CultureInfo.InvariantCulture),
        3 => random.Next(7) == 0 ? (random.Next(2) == 0 ? "" : "NA") : $"{random.Next(1000)}.{random.Next(100):D2}",
        _ => random.Next(5) switch { 0 => "-0", 1 => "0", 2 => "1e150", 3 => "-2.5e-7", _ => "12345678901234567890123" },
    };
}
