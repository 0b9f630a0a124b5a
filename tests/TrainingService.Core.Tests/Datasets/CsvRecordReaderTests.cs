using System.Text;
using TrainingService.Core.Datasets.Import;

namespace TrainingService.Core.Tests.Datasets;

public sealed class CsvRecordReaderTests
{
    private const string Tricky = "\uFEFFa,\"b\"\"q\",c\r\n1,\"x\r\ny\",\r\n\r\n\"\",2,\"3\"\n4,5,6";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadAsync_AnyReadSize_SameRecordsAndLines(int readSize)
    {
        var records = await ReadAllAsync(Tricky, readSize);

        Assert.Equal(
            [
                (1L, new[] { "a", "b\"q", "c" }),
                (2L, new[] { "1", "x\r\ny", "" }),
                (5L, new[] { "", "2", "3" }),
                (6L, new[] { "4", "5", "6" }),
            ],
            records.Select(r => (r.Line, r.Fields)).ToList(),
            new RecordComparer());
    }

    [Fact]
    public async Task ReadAsync_LoneCarriageReturns_EndRecords()
    {
        var records = await ReadAllAsync("a\r1\r2", 1);

        Assert.Equal(["a", "1", "2"], records.Select(r => r.Fields.Single()));
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Line));
    }

    [Fact]
    public async Task ReadAsync_TextAfterClosingQuote_ThrowsNamingLineAndColumn()
    {
        var error = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync("a,b\n1,\"x\"y\n", 3));

        Assert.Equal(2, error.Line);
        Assert.Equal(2, error.Column);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(64)]
    [InlineData(4096)]
    public async Task ReadAsync_RandomFieldsAcrossScanBlocks_SameRecordsAndLinesAsWritten(int readSize)
    {
        // Fields of every length from 0 to 70 bytes put separators at every offset of the scanner's 64-byte
        // blocks; quoted fields (with commas, quotes and line breaks) jump the scan past a block.
        var random = new Random(5);
        var text = new StringBuilder();
        var expected = new List<(long Line, string[] Fields)>();
        long line = 1;
        for (int r = 0; r < 300; r++)
        {
            var fields = new string[random.Next(2, 40)];
            for (int f = 0; f < fields.Length; f++)
            {
                bool quoted = random.Next(8) == 0;
                string alphabet = quoted ? "ab1,\"\n." : "ab1.-";
                fields[f] = new string(Enumerable.Range(0, random.Next(0, 71)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                if (f > 0)
                    text.Append(',');
                text.Append(quoted ? $"\"{fields[f].Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : fields[f]);
            }

            expected.Add((line, fields));
            line += 1 + fields.Sum(f => f.Count(c => c == '\n'));
            text.Append(random.Next(2) == 0 ? "\n" : "\r\n");
        }

        var records = await ReadAllAsync(text.ToString(), readSize);

        Assert.Equal(expected, records, new RecordComparer());
    }

    private static async Task<List<(long Line, string[] Fields)>> ReadAllAsync(string text, int readSize)
    {
        using var reader = new CsvRecordReader(new TrickleStream(Encoding.UTF8.GetBytes(text), readSize), 1 << 20);
        var records = new List<(long, string[])>();
        while (await reader.ReadAsync(CancellationToken.None))
            records.Add((reader.Line, Enumerable.Range(0, reader.FieldCount).Select(i => Encoding.UTF8.GetString(reader.GetField(i))).ToArray()));
        return records;
    }

    /// <summary>Returns at most <paramref name="readSize"/> bytes per read, to cut records at every possible place.</summary>
    private sealed class TrickleStream(byte[] data, int readSize) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }

    private sealed class RecordComparer : IEqualityComparer<(long Line, string[] Fields)>
    {
        public bool Equals((long Line, string[] Fields) x, (long Line, string[] Fields) y) => x.Line == y.Line && x.Fields.SequenceEqual(y.Fields);

        public int GetHashCode((long Line, string[] Fields) obj) => obj.Line.GetHashCode();
    }
}
