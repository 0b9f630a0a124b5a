using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrainingService.Core.Datasets;

/// <summary>
/// Converts a chunk's float32 values (NaN for missing) to and from its stored <see cref="ChunkValueFormat"/>. Many
/// columns hold small whole numbers (pixels, counts, every category index); storing them in one or two bytes cuts
/// what PostgreSQL must decompress and send when a dataset is loaded.
/// </summary>
/// <remarks>Byte order is the machine's: the service refuses to start on a big-endian one (AddDatasetStorage).</remarks>
internal static class ChunkCodec
{
    private const float UInt8Largest = byte.MaxValue - 1;
    private const float UInt16Largest = ushort.MaxValue - 1;

    /// <summary>A "missing" value no byte or word widens to: <see cref="ChunkValueFormat.UInt8NoMissing"/> has none.</summary>
    private const uint NoSentinel = uint.MaxValue;

    /// <summary>
    /// The narrowest format that gives back every value bit for bit: only missing values and whole numbers
    /// 0 to 254 fit <see cref="ChunkValueFormat.UInt8"/>; 0 to 255 without a missing value
    /// <see cref="ChunkValueFormat.UInt8NoMissing"/>; up to 65,534 <see cref="ChunkValueFormat.UInt16"/>; a
    /// negative, fractional or larger value, or -0 (which would come back as +0), keeps the chunk float32.
    /// </summary>
    public static ChunkValueFormat Choose(ReadOnlySpan<float> values)
    {
        float max = 0;
        bool missing = false;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The same tests as below, a vector at a time; NaN lanes count as 0.
            var largest = Vector<float>.Zero;
            var anyMissing = Vector<int>.Zero;
            ref float from = ref MemoryMarshal.GetReference(values);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var value = Vector.LoadUnsafe(ref from, (nuint)i);
                var number = Vector.Equals(value, value);
                var whole = Vector.Equals(Vector.ConvertToSingle(Vector.ConvertToInt32(value)), value);
                var fits = Vector.LessThanOrEqual(value, new Vector<float>(UInt16Largest)) & whole & ~Vector.LessThan(value.As<float, int>(), Vector<int>.Zero);
                if (!Vector.EqualsAll(fits.As<int, uint>() | ~number.As<int, uint>(), Vector<uint>.AllBitsSet))
                    return ChunkValueFormat.Float32;
                largest = Vector.Max(largest, Vector.ConditionalSelect(number, value, Vector<float>.Zero));
                anyMissing |= ~number;
            }

            for (int lane = 0; lane < Vector<float>.Count; lane++)
                max = MathF.Max(max, largest[lane]);
            missing = anyMissing != Vector<int>.Zero;
        }

        foreach (float value in values[i..])
        {
            if (float.IsNaN(value))
            {
                missing = true;
                continue;
            }

            if (float.IsNegative(value) || !(value <= UInt16Largest) || (int)value != value)
                return ChunkValueFormat.Float32;
            max = MathF.Max(max, value);
        }

        // 0-254 stays UInt8 even without a missing value: the bytes are the same, and so is what main stored.
        if (max <= UInt8Largest)
            return ChunkValueFormat.UInt8;
        return max <= byte.MaxValue && !missing ? ChunkValueFormat.UInt8NoMissing : ChunkValueFormat.UInt16;
    }

    /// <summary>How many bytes each value takes in <paramref name="format"/>; 0 for an unknown format.</summary>
    public static int BytesPerValue(ChunkValueFormat format) => format switch
    {
        ChunkValueFormat.UInt8 or ChunkValueFormat.UInt8NoMissing => 1,
        ChunkValueFormat.UInt16 => 2,
        ChunkValueFormat.Float32 => 4,
        _ => 0,
    };

    /// <summary>
    /// Writes <paramref name="values"/> into <paramref name="destination"/> (values × bytes per value) in a format
    /// that holds them, as <see cref="Choose"/> returns; returns the bytes written.
    /// </summary>
    public static int Encode(ReadOnlySpan<float> values, ChunkValueFormat format, Span<byte> destination)
    {
        var bytes = destination[..checked(values.Length * BytesPerValue(format))];
        switch (format)
        {
            case ChunkValueFormat.UInt8 or ChunkValueFormat.UInt8NoMissing:
                EncodeBytes(values, bytes);
                break;
            case ChunkValueFormat.UInt16:
                EncodeWords(values, MemoryMarshal.Cast<byte, ushort>(bytes));
                break;
            default:
                MemoryMarshal.AsBytes(values).CopyTo(bytes);
                break;
        }

        return bytes.Length;
    }

    /// <summary>
    /// Turns <paramref name="source"/>, values in <paramref name="format"/>, into <paramref name="destination"/>, one
    /// float each, missing values as NaN.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths do not match at <paramref name="format"/>'s bytes per value.</exception>
    /// <exception cref="InvalidDataException"><paramref name="format"/> is not a known format.</exception>
    public static void Decode(ReadOnlySpan<byte> source, ChunkValueFormat format, Span<float> destination)
    {
        if (!Enum.IsDefined(format))
            throw new InvalidDataException($"Unknown chunk value format {(int)format}.");
        if (source.Length != (long)destination.Length * BytesPerValue(format))
            throw new ArgumentException($"{source.Length} bytes are not {destination.Length} values of {format}.", nameof(source));
        switch (format)
        {
            case ChunkValueFormat.UInt8:
                DecodeWhole(source, byte.MaxValue, destination);
                break;
            case ChunkValueFormat.UInt8NoMissing:
                DecodeWhole(source, NoSentinel, destination);
                break;
            case ChunkValueFormat.UInt16:
                DecodeWhole(MemoryMarshal.Cast<byte, ushort>(source), ushort.MaxValue, destination);
                break;
            default:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
        }
    }

    /// <summary>Whole numbers of <typeparamref name="TWord"/> (byte or ushort) to floats, <paramref name="missing"/> to NaN.</summary>
    private static void DecodeWhole<TWord>(ReadOnlySpan<TWord> source, uint missing, Span<float> destination)
        where TWord : unmanaged, IUnsignedNumber<TWord>
    {
        ref TWord from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
                StoreAsSingle(Load256(ref Unsafe.Add(ref from, i)), missing, ref Unsafe.Add(ref to, i));
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector128<ushort>.Count; i += Vector128<ushort>.Count)
                StoreAsSingle(Load128(ref Unsafe.Add(ref from, i)), missing, ref Unsafe.Add(ref to, i));
        }

        for (; i < source.Length; i++)
            destination[i] = uint.CreateTruncating(source[i]) == missing ? float.NaN : float.CreateTruncating(source[i]);
    }

    /// <summary>Whole numbers 0-255 and NaN (as 255; only a UInt8 chunk has them) to bytes, four vectors of floats to one of bytes at a time.</summary>
    private static void EncodeBytes(ReadOnlySpan<float> values, Span<byte> bytes)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float from = ref MemoryMarshal.GetReference(values);
            ref byte to = ref MemoryMarshal.GetReference(bytes);
            for (; i <= values.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var low = Vector.Narrow(Whole(ref from, i, byte.MaxValue), Whole(ref from, i + Vector<int>.Count, byte.MaxValue));
                var high = Vector.Narrow(Whole(ref from, i + (2 * Vector<int>.Count), byte.MaxValue), Whole(ref from, i + (3 * Vector<int>.Count), byte.MaxValue));
                Vector.Narrow(low, high).StoreUnsafe(ref to, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
            bytes[i] = float.IsNaN(values[i]) ? byte.MaxValue : (byte)values[i];
    }

    /// <summary>Whole numbers 0-65,534 and NaN (as 65,535) to words, two vectors of floats to one of words at a time.</summary>
    private static void EncodeWords(ReadOnlySpan<float> values, Span<ushort> words)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float from = ref MemoryMarshal.GetReference(values);
            ref ushort to = ref MemoryMarshal.GetReference(words);
            for (; i <= values.Length - Vector<ushort>.Count; i += Vector<ushort>.Count)
                Vector.Narrow(Whole(ref from, i, ushort.MaxValue), Whole(ref from, i + Vector<int>.Count, ushort.MaxValue)).StoreUnsafe(ref to, (nuint)i);
        }

        for (; i < values.Length; i++)
            words[i] = float.IsNaN(values[i]) ? ushort.MaxValue : (ushort)values[i];
    }

    /// <summary>The vector of floats at <paramref name="offset"/>, whole numbers that fit the format, as integers; NaN as <paramref name="missing"/>.</summary>
    private static Vector<uint> Whole(ref float from, int offset, uint missing)
    {
        var value = Vector.LoadUnsafe(ref from, (nuint)offset);
        return Vector.ConditionalSelect(Vector.Equals(value, value).As<int, uint>(), Vector.ConvertToInt32(value).As<int, uint>(), new Vector<uint>(missing));
    }

    // 16 (8) words from `from` on, as ushort; the JIT keeps only the branch of the TWord it compiles for.
    private static Vector256<ushort> Load256<TWord>(ref TWord from) => typeof(TWord) == typeof(byte)
        ? Vector256.WidenLower(Vector128.LoadUnsafe(ref Unsafe.As<TWord, byte>(ref from)).ToVector256Unsafe())
        : Vector256.LoadUnsafe(ref Unsafe.As<TWord, ushort>(ref from));

    private static Vector128<ushort> Load128<TWord>(ref TWord from) => typeof(TWord) == typeof(byte)
        ? Vector128.WidenLower(Vector64.LoadUnsafe(ref Unsafe.As<TWord, byte>(ref from)).ToVector128Unsafe())
        : Vector128.LoadUnsafe(ref Unsafe.As<TWord, ushort>(ref from));

    /// <summary>Stores the 16 values of <paramref name="words"/> as floats at <paramref name="to"/>, <paramref name="missing"/> as NaN.</summary>
    private static void StoreAsSingle(Vector256<ushort> words, uint missing, ref float to)
    {
        var (lower, upper) = Vector256.Widen(words);
        ToSingle(lower, missing).StoreUnsafe(ref to);
        ToSingle(upper, missing).StoreUnsafe(ref to, (nuint)Vector256<uint>.Count);
    }

    /// <summary>Stores the 8 values of <paramref name="words"/> as floats at <paramref name="to"/>, <paramref name="missing"/> as NaN.</summary>
    private static void StoreAsSingle(Vector128<ushort> words, uint missing, ref float to)
    {
        var (lower, upper) = Vector128.Widen(words);
        ToSingle(lower, missing).StoreUnsafe(ref to);
        ToSingle(upper, missing).StoreUnsafe(ref to, (nuint)Vector128<uint>.Count);
    }

    // Through int, not uint: values are at most 65,535, and int to float is one instruction where uint is not.
    private static Vector256<float> ToSingle(Vector256<uint> values, uint missing) =>
        Vector256.ConditionalSelect(
            Vector256.Equals(values, Vector256.Create(missing)).AsSingle(), Vector256.Create(float.NaN), Vector256.ConvertToSingle(values.AsInt32()));

    private static Vector128<float> ToSingle(Vector128<uint> values, uint missing) =>
        Vector128.ConditionalSelect(
            Vector128.Equals(values, Vector128.Create(missing)).AsSingle(), Vector128.Create(float.NaN), Vector128.ConvertToSingle(values.AsInt32()));
}
