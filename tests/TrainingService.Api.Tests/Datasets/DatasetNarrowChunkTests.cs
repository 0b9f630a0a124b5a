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

/// <summary>Chunks stored as uint8 (with or without missing values), uint16 or float32 (ChunkValueFormat) come back as the values of the CSV on every read path.</summary>
public sealed class DatasetNarrowChunkTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    // 360,000 rows × 7 columns × 4 bytes = 10 MB of floats: a whole load goes over two connections.
    private const int Rows = 360_000;
    private const int ChunkRows = 65_536;
    private const int Chunks = 6; // 5 × 65,536 + 32,320 rows

    private static readonly string[] Names = ["pixel", "count", "ratio", "kind", "full_byte", "late", "label", "byte_or_missing"];

    // Each column's chunks: pixel 0..254 and missing; count 0..60,000 and missing; ratio fractional; kind categorical
    // (indices 0..4) with missing; full_byte 0..255 without missing, one byte each; late 0..199 in the first chunk, up
    // to 999 after; label categorical with two values; byte_or_missing 0..255 and missing, uint16 since uint8 keeps
    // 255 for missing.
    private static readonly ChunkValueFormat[][] ExpectedFormats =
    [
        Each(ChunkValueFormat.UInt8), Each(ChunkValueFormat.UInt16), Each(ChunkValueFormat.Float32), Each(ChunkValueFormat.UInt8),
        Each(ChunkValueFormat.UInt8NoMissing), [ChunkValueFormat.UInt8, .. Each(ChunkValueFormat.UInt16)[1..]], Each(ChunkValueFormat.UInt8),
        Each(ChunkValueFormat.UInt16),
    ];

    private static readonly Lazy<(string Csv, float[][] Values)> Data = new(Generate);

    [Fact]
    public async Task Upload_IntegerAndCategoricalColumns_EachChunkStoredInTheNarrowestFormat()
    {
        var dataset = await UploadOkAsync(factory.CreateClient(), Data.Value.Csv);
        var id = Guid.Parse(dataset.GetProperty("id").GetString()!);
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();

        var chunks = await db.DatasetChunks.Where(c => c.DatasetId == id)
            .OrderBy(c => c.ColumnOrdinal).ThenBy(c => c.ChunkIndex)
            .Select(c => new { c.ColumnOrdinal, c.ValueFormat, c.RowCount, Bytes = c.Data.Length })
            .ToListAsync();

        for (int column = 0; column < Names.Length; column++)
            Assert.Equal(ExpectedFormats[column], chunks.Where(c => c.ColumnOrdinal == column).Select(c => c.ValueFormat));

        Assert.All(chunks, c => Assert.Equal(c.RowCount * ChunkCodec.BytesPerValue(c.ValueFormat), c.Bytes));
        Assert.Equal(chunks.Sum(c => (long)c.Bytes), dataset.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(Rows * (1 + 2 + 4 + 1 + 1 + 2 + 1 + 2L) - ChunkRows, dataset.GetProperty("sizeBytes").GetInt64());
    }

    [Fact]
    public async Task LoadAsync_AllColumnsOverTwoConnections_ReturnsTheCsvValuesWithMissingOnes()
    {
        var id = await UploadAsync();
        await using var scope = factory.CreateTenantScope();

        var loaded = await scope.ServiceProvider.GetRequiredService<DatasetStore>().LoadAsync(id);

        Assert.NotNull(loaded);
        Assert.Equal(Names, loaded.Columns.Select(c => c.Name));
        for (int column = 0; column < Names.Length; column++)
            Assert.Equal(Data.Value.Values[column], loaded.Columns[column].Values);
    }

    [Fact]
    public async Task LoadRangeAsync_SliceFromInsideOneChunkToInsideAnother_ReturnsExactlyThoseRows()
    {
        var id = await UploadAsync();
        await using var scope = factory.CreateTenantScope();
        const int offset = ChunkRows - 537, count = ChunkRows + 4_000;

        var slice = await scope.ServiceProvider.GetRequiredService<DatasetStore>().LoadRangeAsync(id, offset, count, ["late", "full_byte", "pixel", "count", "ratio", "byte_or_missing"]);

        Assert.NotNull(slice);
        Assert.Equal(count, slice.RowCount);
        foreach (var column in slice.Columns)
            Assert.Equal(Data.Value.Values[column.Ordinal].AsSpan(offset, count).ToArray(), column.Values);
    }

    [Fact]
    public async Task StreamColumnBlocksAsync_EveryFormat_ReturnsTheCsvValuesWithMissingOnes()
    {
        var id = await UploadAsync();
        await using var scope = factory.CreateTenantScope();
        int[] ordinals = [6, 0, 1, 2, 7, 3, 4, 5];

        var streamed = await StreamAsync(scope.ServiceProvider.GetRequiredService<DatasetStore>(), id, Rows, ordinals);

        for (int i = 0; i < ordinals.Length; i++)
            Assert.Equal(Data.Value.Values[ordinals[i]], streamed[i]);
    }

    [Fact]
    public async Task Float32ChunkWrittenWithoutValueBytes_ReadsBackOnEveryPath()
    {
        var id = Guid.Parse((await UploadOkAsync(factory.CreateClient(), "a,b\n1,10\n2,\n3,30\n")).GetProperty("id").GetString()!);
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        // Replace b's uint8 chunk with one as the importer wrote it before value_bytes existed.
        byte[] floats = MemoryMarshal.AsBytes<float>([10.5f, float.NaN, -30f]).ToArray();
        await db.Database.ExecuteSqlAsync($"DELETE FROM dataset_chunks WHERE dataset_id = {id} AND column_ordinal = 1");
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO dataset_chunks (dataset_id, column_ordinal, chunk_index, row_offset, row_count, data) VALUES ({id}, 1, 0, 0, 3, {floats})");
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();

        var loaded = await store.LoadAsync(id);
        var slice = await store.LoadRangeAsync(id, 1, 2);
        var streamed = await StreamAsync(store, id, 3, [1, 0]);

        Assert.Equal(ChunkValueFormat.Float32, await db.DatasetChunks.Where(c => c.DatasetId == id && c.ColumnOrdinal == 1).Select(c => c.ValueFormat).SingleAsync());
        Assert.NotNull(loaded);
        Assert.Equal([1f, 2f, 3f], loaded.Columns[0].Values);
        Assert.Equal([10.5f, float.NaN, -30f], loaded.Columns[1].Values);
        Assert.NotNull(slice);
        Assert.Equal([float.NaN, -30f], slice.Columns[1].Values);
        Assert.Equal(new float[][] { [10.5f, float.NaN, -30f], [1f, 2f, 3f] }, streamed);
    }

    [Fact]
    public async Task UInt16ChunkOfZeroTo255AsEarlierImportsWroteIt_ReadsBackOnEveryPath()
    {
        var id = Guid.Parse((await UploadOkAsync(factory.CreateClient(), "a,b\n1,255\n2,0\n3,254\n")).GetProperty("id").GetString()!);
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        Assert.Equal(ChunkValueFormat.UInt8NoMissing, await FormatOfAsync(db, id, 1));
        // Before UInt8NoMissing, a chunk of 0-255 without missing values was stored as uint16.
        byte[] words = MemoryMarshal.AsBytes<ushort>([255, 0, 254]).ToArray();
        await db.Database.ExecuteSqlAsync($"UPDATE dataset_chunks SET value_bytes = 2, data = {words} WHERE dataset_id = {id} AND column_ordinal = 1");
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();

        var loaded = await store.LoadAsync(id);
        var slice = await store.LoadRangeAsync(id, 1, 2);
        var streamed = await StreamAsync(store, id, 3, [1, 0]);

        Assert.Equal(ChunkValueFormat.UInt16, await FormatOfAsync(db, id, 1));
        Assert.NotNull(loaded);
        Assert.Equal([255f, 0f, 254f], loaded.Columns[1].Values);
        Assert.NotNull(slice);
        Assert.Equal([0f, 254f], slice.Columns[1].Values);
        Assert.Equal(new float[][] { [255f, 0f, 254f], [1f, 2f, 3f] }, streamed);
    }

    [Fact]
    public async Task ChunkWhoseLengthDisagreesWithItsFormat_FailsNamingDatasetColumnAndChunk()
    {
        var id = Guid.Parse((await UploadOkAsync(factory.CreateClient(), "a,b\n1,10\n2,20\n3,30\n")).GetProperty("id").GetString()!);
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        // 3 bytes (uint8) claimed as uint16: 6 bytes expected.
        await db.Database.ExecuteSqlAsync($"UPDATE dataset_chunks SET value_bytes = 2 WHERE dataset_id = {id} AND column_ordinal = 1");
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();

        var load = await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync(id));
        var stream = await Assert.ThrowsAsync<InvalidDataException>(() => StreamAsync(store, id, 3, [0, 1]));

        Assert.All(new[] { load.Message, stream.Message }, m => Assert.Contains($"Dataset {id}: chunk 0 of column 1 holds 3 bytes for 3 rows", m));
    }

    private static Task<ChunkValueFormat> FormatOfAsync(TrainingServiceDbContext db, Guid id, int column) =>
        db.DatasetChunks.Where(c => c.DatasetId == id && c.ColumnOrdinal == column).Select(c => c.ValueFormat).SingleAsync();

    private static ChunkValueFormat[] Each(ChunkValueFormat format) => [.. Enumerable.Repeat(format, Chunks)];

    private async Task<Guid> UploadAsync() =>
        Guid.Parse((await UploadOkAsync(factory.CreateClient(), Data.Value.Csv)).GetProperty("id").GetString()!);

    /// <summary>Every value of the columns at <paramref name="ordinals"/>, put together from the streamed blocks.</summary>
    private static async Task<float[][]> StreamAsync(DatasetStore store, Guid id, int rows, int[] ordinals)
    {
        var columns = ordinals.Select(_ => new float[rows]).ToArray();
        await store.StreamColumnBlocksAsync(id, rows, ordinals, block =>
        {
            for (int i = 0; i < block.Columns.Length; i++)
                block.Column(i).CopyTo(columns[block.Columns[i]].AsSpan((int)block.FirstRow));
        }, CancellationToken.None);
        return columns;
    }

    private static (string Csv, float[][] Values) Generate()
    {
        var values = Names.Select(_ => new float[Rows]).ToArray();
        var csv = new StringBuilder(Rows * 40).AppendJoin(',', Names).Append('\n');
        for (int r = 0; r < Rows; r++)
        {
            // Not row 0, so that categories are first seen in index order: k0 is 0, ..., k4 is 4; yes is 0, no is 1.
            bool missing = r % 101 == 100;
            values[0][r] = missing ? float.NaN : r % 255;
            values[1][r] = missing ? float.NaN : r * 7 % 60_001;
            values[2][r] = missing ? float.NaN : r / 8f + 0.1f;
            values[3][r] = missing ? float.NaN : r % 5;
            values[4][r] = r % 256;
            values[5][r] = r < ChunkRows ? r % 200 : r % 1_000;
            values[6][r] = r % 3 == 0 ? 0 : 1;
            values[7][r] = missing ? float.NaN : r % 256;
            for (int c = 0; c < 6; c++)
            {
                if (c == 3)
                    csv.Append(missing ? "" : $"k{r % 5}");
                else if (!float.IsNaN(values[c][r]))
                    csv.Append(values[c][r].ToString("R", CultureInfo.InvariantCulture));
                csv.Append(',');
            }

            csv.Append(r % 3 == 0 ? "yes" : "no").Append(',');
            if (!missing)
                csv.Append(values[7][r].ToString("R", CultureInfo.InvariantCulture));
            csv.Append('\n');
        }

        return (csv.ToString(), values);
    }
}
