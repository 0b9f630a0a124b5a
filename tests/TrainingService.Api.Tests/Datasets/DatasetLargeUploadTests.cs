using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using static TrainingService.Api.Tests.Datasets.DatasetRequests;

namespace TrainingService.Api.Tests.Datasets;

public sealed class DatasetLargeUploadTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const int Rows = 150_000;
    private const int NumericColumns = 19;

    [Fact]
    public async Task Upload_150kRowsBy20Columns_StoredAsBinaryChunksAndLoadsBack()
    {
        var (csv, expected) = Generate();

        var dataset = await UploadOkAsync(factory.CreateClient(), csv, "large.csv");
        var id = Guid.Parse(dataset.GetProperty("id").GetString()!);

        Assert.Equal(Rows, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal(20, dataset.GetProperty("columnCount").GetInt32());
        // 19 float32 columns and a categorical one of 3 categories, a byte per row.
        Assert.Equal(Rows * (19L * 4 + 1), dataset.GetProperty("sizeBytes").GetInt64());

        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        var chunks = await db.DatasetChunks.Where(c => c.DatasetId == id)
            .Select(c => new { c.ColumnOrdinal, c.ChunkIndex, c.RowOffset, c.RowCount, c.ValueFormat, Bytes = c.Data.Length })
            .ToListAsync();
        // 150,000 rows = 65,536 + 65,536 + 18,928: three chunks per column, 4 bytes per row, 1 for the label.
        Assert.Equal(20 * 3, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(c.ColumnOrdinal == NumericColumns ? ChunkValueFormat.UInt8 : ChunkValueFormat.Float32, c.ValueFormat));
        Assert.All(chunks, c => Assert.Equal(c.RowCount * ChunkCodec.BytesPerValue(c.ValueFormat), c.Bytes));
        Assert.Equal([65_536, 65_536, 18_928], chunks.Where(c => c.ColumnOrdinal == 7).OrderBy(c => c.ChunkIndex).Select(c => c.RowCount));
        Assert.Equal(131_072, chunks.Single(c => c.ColumnOrdinal == 0 && c.ChunkIndex == 2).RowOffset);

        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
        var loaded = await store.LoadAsync(id, ["c3", "label"]);
        Assert.NotNull(loaded);
        Assert.Equal(["c3", "label"], loaded.Columns.Select(c => c.Name));
        Assert.Equal(expected[3], loaded.Columns[0].Values);
        var label = loaded.Columns[1];
        Assert.Equal(ColumnType.Categorical, label.Type);
        Assert.Equal(["cat0", "cat1", "cat2"], label.Categories);
        Assert.Equal("cat1", label.CategoryAt(70_000)); // 70,000 mod 3 = 1, in the second chunk
        Assert.True(float.IsNaN(label.Values[Rows - 1]));
    }

    [Fact]
    public async Task LoadRangeAsync_AcrossChunkBoundary_ReturnsExactSlice()
    {
        var (csv, expected) = Generate();
        var id = Guid.Parse((await UploadOkAsync(factory.CreateClient(), csv)).GetProperty("id").GetString()!);
        await using var scope = factory.CreateTenantScope();
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();

        var slice = await store.LoadRangeAsync(id, 65_530, 10, ["c0"]);

        Assert.NotNull(slice);
        Assert.Equal(10, slice.RowCount);
        Assert.Equal(expected[0].AsSpan(65_530, 10).ToArray(), slice.Columns[0].Values);
        await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync(id, ["nope"]));
        var available = await store.LoadAvailableAsync(id, ["label", "nope", "c3"]);
        Assert.NotNull(available);
        Assert.Equal(["c3", "label"], available.Columns.Select(c => c.Name));
        Assert.Equal(expected[3], available.Columns[0].Values);
        Assert.Null(await store.LoadAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task LoadAsync_AllColumnsOfA12MBDataset_SplitAcrossConnections_MatchesTheCsv()
    {
        var (csv, expected) = Generate();
        var id = Guid.Parse((await UploadOkAsync(factory.CreateClient(), csv)).GetProperty("id").GetString()!);
        await using var scope = factory.CreateTenantScope();

        // 12 MB as float32 (what the split is sized by): more than one reader's share, so every other column comes
        // over a second connection.
        var loaded = await scope.ServiceProvider.GetRequiredService<DatasetStore>().LoadAsync(id);

        Assert.NotNull(loaded);
        Assert.Equal(Enumerable.Range(0, NumericColumns).Select(c => $"c{c}").Append("label"), loaded.Columns.Select(c => c.Name));
        for (int c = 0; c < NumericColumns; c++)
            Assert.Equal(expected[c], loaded.Columns[c].Values);
        Assert.Equal(Enumerable.Range(0, Rows - 1).Select(r => (float)(r % 3)), loaded.Columns[^1].Values[..^1]);
    }

    [Fact]
    public async Task Upload_CompressibleColumns_ChunksStoredLz4Compressed()
    {
        // Pixel-like integers 0..255: compressible, so PostgreSQL compresses the 256 KB chunks with the column's method.
        var csv = new StringBuilder("a,b\n");
        for (int r = 0; r < 70_000; r++)
            csv.Append(r % 256).Append(',').Append(r % 7 == 0 ? r % 200 : 0).Append('\n');
        var id = Guid.Parse((await UploadOkAsync(factory.CreateClient(), csv.ToString())).GetProperty("id").GetString()!);
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();

        var methods = await db.Database
            .SqlQuery<string>($"SELECT DISTINCT coalesce(pg_column_compression(data), 'none') AS \"Value\" FROM dataset_chunks WHERE dataset_id = {id} AND row_count = 65536")
            .ToListAsync();

        Assert.Equal(["lz4"], methods);
    }

    [Fact]
    public async Task Upload_ColumnTurnsTextWhileEarlierChunksAreBeingWritten_StoredCategoricalWithAllRows()
    {
        // "b" is numbers for two full chunks (written in the background while the next rows are parsed) and turns
        // text in the third: its copied chunks must go and the second pass must store all three.
        var csv = new StringBuilder("a,b\n");
        for (int r = 0; r < Rows; r++)
            csv.Append(r).Append(',').Append(r == 140_000 ? "x" : (r % 4).ToString(CultureInfo.InvariantCulture)).Append('\n');

        var dataset = await UploadOkAsync(factory.CreateClient(), csv.ToString());
        var id = Guid.Parse(dataset.GetProperty("id").GetString()!);

        await using var scope = factory.CreateTenantScope();
        var loaded = await scope.ServiceProvider.GetRequiredService<DatasetStore>().LoadAsync(id);
        Assert.NotNull(loaded);
        Assert.Equal(ColumnType.Categorical, loaded.Columns[1].Type);
        Assert.Equal(["0", "1", "2", "3", "x"], loaded.Columns[1].Categories);
        Assert.Equal(Enumerable.Range(0, Rows).Select(r => r == 140_000 ? 4f : r % 4), loaded.Columns[1].Values);
        Assert.Equal(Enumerable.Range(0, Rows).Select(r => (float)r), loaded.Columns[0].Values);
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        Assert.Equal(6, await db.DatasetChunks.CountAsync(c => c.DatasetId == id));
    }

    /// <summary>19 numeric columns of distinct float32 values (some missing) and a categorical one.</summary>
    private static (string Csv, float[][] Expected) Generate()
    {
        var expected = Enumerable.Range(0, NumericColumns).Select(_ => new float[Rows]).ToArray();
        var random = new Random(42);
        var csv = new StringBuilder(Rows * 20 * 10);
        csv.AppendJoin(',', Enumerable.Range(0, NumericColumns).Select(c => $"c{c}")).Append(",label\n");
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < NumericColumns; c++)
            {
                bool missing = (r + c) % 997 == 0;
                float value = (float)(random.NextDouble() * 2000 - 1000);
                expected[c][r] = missing ? float.NaN : value;
                if (!missing)
                    csv.Append(value.ToString("R", CultureInfo.InvariantCulture));
                csv.Append(',');
            }

            csv.Append(r == Rows - 1 ? "" : $"cat{r % 3}").Append('\n');
        }

        return (csv.ToString(), expected);
    }
}
