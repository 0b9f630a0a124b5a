using System.Runtime.InteropServices;
using TrainingService.Core.Datasets;

namespace TrainingService.Core.Tests.Datasets;

/// <summary>
/// The chunk value formats against plain scalar references. Every length up to 256 covers the Vector256 and
/// Vector128 loops and their scalar tails; .ci/run repeats these tests with AVX2 and hardware intrinsics off.
/// </summary>
public sealed class ChunkCodecTests
{
    [Theory]
    [InlineData(new float[0], ChunkValueFormat.UInt8)]
    [InlineData(new[] { float.NaN, float.NaN }, ChunkValueFormat.UInt8)]
    [InlineData(new[] { 0f, 254f, float.NaN }, ChunkValueFormat.UInt8)]
    [InlineData(new[] { 0f, 254f }, ChunkValueFormat.UInt8)]
    [InlineData(new[] { 0f, 255f }, ChunkValueFormat.UInt8NoMissing)]
    [InlineData(new[] { 255f, 255f, 3f }, ChunkValueFormat.UInt8NoMissing)]
    [InlineData(new[] { 0f, 255f, float.NaN }, ChunkValueFormat.UInt16)]
    [InlineData(new[] { 256f, 3f }, ChunkValueFormat.UInt16)]
    [InlineData(new[] { 255f, -1f }, ChunkValueFormat.Float32)]
    [InlineData(new[] { 255f, 0.5f }, ChunkValueFormat.Float32)]
    [InlineData(new[] { 255f, -0f }, ChunkValueFormat.Float32)]
    [InlineData(new[] { 65_534f, float.NaN, 3f }, ChunkValueFormat.UInt16)]
    [InlineData(new[] { 65_535f }, ChunkValueFormat.Float32)]
    [InlineData(new[] { 3f, -1f }, ChunkValueFormat.Float32)]
    [InlineData(new[] { 2.5f, 1f }, ChunkValueFormat.Float32)]
    [InlineData(new[] { 1f, -0f }, ChunkValueFormat.Float32)]
    [InlineData(new[] { 7f, float.PositiveInfinity }, ChunkValueFormat.Float32)]
    [InlineData(new[] { 1e10f }, ChunkValueFormat.Float32)]
    public void Choose_Values_NarrowestFormatThatHoldsThemExactly(float[] values, ChunkValueFormat expected) =>
        Assert.Equal(expected, ChunkCodec.Choose(values));

    [Fact]
    public void ChooseAndEncode_EveryLengthUpTo256_MatchScalarReference()
    {
        // One value that decides the format (255, 256, 65,535, -0, 0.5, +Infinity, NaN only) at every position of every
        // length, with and without missing values elsewhere: the vector loops and their scalar tails must agree with
        // the value-at-a-time rules.
        float[] deciders = [255f, 256f, 65_535f, -0f, 0.5f, float.PositiveInfinity, 65_534f, float.NaN];
        var random = new Random(3);
        for (int length = 0; length <= 256; length++)
        {
            foreach (float decider in deciders)
            foreach (bool withMissing in new[] { true, false })
            {
                float[] values = RandomValues(random, length, 254, withMissing);
                if (length > 0)
                    values[random.Next(length)] = decider;

                var format = ChunkCodec.Choose(values);
                Assert.Equal(ReferenceChoose(values), format);
                var bytes = new byte[length * ChunkCodec.BytesPerValue(format)];
                ChunkCodec.Encode(values, format, bytes);
                Assert.Equal(ReferenceEncode(values, format), bytes);
            }
        }
    }

    [Theory]
    [InlineData(ChunkValueFormat.UInt8, 254, true)]
    [InlineData(ChunkValueFormat.UInt8NoMissing, 255, false)]
    [InlineData(ChunkValueFormat.UInt16, 65_534, true)]
    [InlineData(ChunkValueFormat.Float32, 65_534, true)]
    public void EncodeThenDecode_EveryLengthUpTo256_GivesBackTheSameBits(ChunkValueFormat format, int largest, bool withMissing)
    {
        var random = new Random(7);
        for (int length = 0; length <= 256; length++)
        {
            float[] values = RandomValues(random, length, largest, withMissing);
            if (format == ChunkValueFormat.Float32 && length > 0)
                values[random.Next(length)] = random.Next(2) == 0 ? -0f : 0.25f;

            var bytes = new byte[length * ChunkCodec.BytesPerValue(format)];
            Assert.Equal(bytes.Length, ChunkCodec.Encode(values, format, bytes));
            var decoded = new float[length];
            ChunkCodec.Decode(bytes, format, decoded);

            Assert.Equal(Bits(values), Bits(decoded));
        }
    }

    [Theory]
    [InlineData(ChunkValueFormat.UInt8)]
    [InlineData(ChunkValueFormat.UInt8NoMissing)]
    [InlineData(ChunkValueFormat.UInt16)]
    public void Decode_EveryLengthAndOffset_MatchesScalarReference(ChunkValueFormat format)
    {
        int width = ChunkCodec.BytesPerValue(format);
        var source = new byte[(256 + 4) * width];
        new Random(11).NextBytes(source);
        // A run of 0xFF puts the missing sentinel at every alignment and across vector boundaries.
        source.AsSpan(100, 40).Fill(0xFF);
        // Odd offsets too: a chunk's bytes need not be aligned in the buffer they are read into.
        for (int offset = 0; offset < 4; offset++)
        {
            for (int length = 0; length <= 256; length++)
            {
                var bytes = source.AsSpan(offset, length * width);
                var decoded = new float[length];
                ChunkCodec.Decode(bytes, format, decoded);
                Assert.Equal(Bits(Reference(bytes, format)), Bits(decoded));
            }
        }
    }

    [Fact]
    public void Decode_Sentinels_BecomeNaNAndTheirNeighboursStayNumbers()
    {
        var fromBytes = new float[3];
        ChunkCodec.Decode([255, 254, 0], ChunkValueFormat.UInt8, fromBytes);
        var fromWords = new float[3];
        ChunkCodec.Decode(MemoryMarshal.AsBytes<ushort>([65_535, 65_534, 255]), ChunkValueFormat.UInt16, fromWords);
        var fromFullBytes = new float[3];
        ChunkCodec.Decode([255, 254, 0], ChunkValueFormat.UInt8NoMissing, fromFullBytes);

        Assert.Equal(Bits([float.NaN, 254f, 0f]), Bits(fromBytes));
        Assert.Equal(Bits([float.NaN, 65_534f, 255f]), Bits(fromWords));
        Assert.Equal(Bits([255f, 254f, 0f]), Bits(fromFullBytes));
    }

    [Fact]
    public void Decode_WrongLengthOrUnknownFormat_Throws()
    {
        Assert.Throws<ArgumentException>(() => ChunkCodec.Decode(new byte[5], ChunkValueFormat.UInt16, new float[3]));
        // The format's number is not its width: 3 values of UInt8NoMissing are 3 bytes, not 15.
        Assert.Throws<ArgumentException>(() => ChunkCodec.Decode(new byte[15], ChunkValueFormat.UInt8NoMissing, new float[3]));
        Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode(new byte[9], (ChunkValueFormat)3, new float[3]));
    }

    [Theory]
    [InlineData(ChunkValueFormat.UInt8, 1)]
    [InlineData(ChunkValueFormat.UInt8NoMissing, 1)]
    [InlineData(ChunkValueFormat.UInt16, 2)]
    [InlineData(ChunkValueFormat.Float32, 4)]
    [InlineData((ChunkValueFormat)3, 0)]
    public void BytesPerValue_EachFormat_ItsWidth(ChunkValueFormat format, int expected) =>
        Assert.Equal(expected, ChunkCodec.BytesPerValue(format));

    /// <summary>Whole numbers 0..<paramref name="largest"/>, the largest itself among them, and NaN if <paramref name="withMissing"/>.</summary>
    private static float[] RandomValues(Random random, int length, int largest, bool withMissing = true)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (i % 5) switch { 0 when withMissing => float.NaN, 1 => largest, _ => random.Next(largest + 1) };
        return values;
    }

    private static ChunkValueFormat ReferenceChoose(float[] values)
    {
        var numbers = values.Where(v => !float.IsNaN(v)).ToArray();
        if (numbers.Any(v => float.IsNegative(v) || !(v <= 65_534) || (int)v != v))
            return ChunkValueFormat.Float32;
        float max = numbers.DefaultIfEmpty(0).Max();
        if (max <= 254)
            return ChunkValueFormat.UInt8;
        return max <= 255 && numbers.Length == values.Length ? ChunkValueFormat.UInt8NoMissing : ChunkValueFormat.UInt16;
    }

    private static byte[] ReferenceEncode(float[] values, ChunkValueFormat format) => format switch
    {
        ChunkValueFormat.UInt8 => [.. values.Select(v => float.IsNaN(v) ? byte.MaxValue : (byte)v)],
        ChunkValueFormat.UInt8NoMissing => [.. values.Select(v => (byte)v)],
        ChunkValueFormat.UInt16 => MemoryMarshal.AsBytes<ushort>([.. values.Select(v => float.IsNaN(v) ? ushort.MaxValue : (ushort)v)]).ToArray(),
        _ => MemoryMarshal.AsBytes<float>(values).ToArray(),
    };

    private static float[] Reference(ReadOnlySpan<byte> bytes, ChunkValueFormat format) => format switch
    {
        ChunkValueFormat.UInt8 => [.. bytes.ToArray().Select(b => b == byte.MaxValue ? float.NaN : b)],
        ChunkValueFormat.UInt8NoMissing => [.. bytes.ToArray().Select(b => (float)b)],
        _ => [.. MemoryMarshal.Cast<byte, ushort>(bytes).ToArray().Select(w => w == ushort.MaxValue ? float.NaN : w)],
    };

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
