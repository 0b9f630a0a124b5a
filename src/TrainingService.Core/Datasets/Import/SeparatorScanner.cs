using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// Finds the next comma, CR or LF in a buffer from a bit mask of 64 positions at a time, made with one vector
/// comparison per 64 (32, 16) bytes and kept across calls: the fields of a numeric CSV are a few bytes long, so a
/// search per field (<c>IndexOfAny</c>) would pay its set-up for every one of them.
/// </summary>
/// <remarks>Positions passed to <see cref="Next"/> only grow, or jump past the mask's 64 (after a quoted field).</remarks>
internal ref struct SeparatorScanner
{
    private const int Block = 64;

    private readonly ReadOnlySpan<byte> _data;
    private int _blockStart;
    private ulong _mask;

    public SeparatorScanner(ReadOnlySpan<byte> data)
    {
        _data = data;
        _blockStart = -Block;
    }

    /// <summary>The position of the first comma, CR or LF at or after <paramref name="position"/>; -1 if none before the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int position)
    {
        int offset = position - _blockStart;
        if ((uint)offset >= Block)
        {
            _blockStart = position;
            _mask = Mask(_data, position);
            offset = 0;
        }

        ulong bits = _mask >> offset;
        while (bits == 0)
        {
            int next = _blockStart + Block;
            if (next >= _data.Length)
                return -1;
            _blockStart = next;
            _mask = Mask(_data, next);
            bits = _mask;
            position = next;
        }

        return position + BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>Bit i set when byte <paramref name="start"/> + i is a comma, CR or LF (none past the end).</summary>
    private static ulong Mask(ReadOnlySpan<byte> data, int start)
    {
        ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetReference(data), start);
        if (data.Length - start >= Block)
        {
            if (Vector512.IsHardwareAccelerated)
                return Stops(Vector512.LoadUnsafe(ref at)).ExtractMostSignificantBits();
            if (Vector256.IsHardwareAccelerated)
            {
                return Stops(Vector256.LoadUnsafe(ref at)).ExtractMostSignificantBits()
                    | ((ulong)Stops(Vector256.LoadUnsafe(ref at, 32)).ExtractMostSignificantBits() << 32);
            }

            if (Vector128.IsHardwareAccelerated)
            {
                return Stops(Vector128.LoadUnsafe(ref at)).ExtractMostSignificantBits()
                    | ((ulong)Stops(Vector128.LoadUnsafe(ref at, 16)).ExtractMostSignificantBits() << 16)
                    | ((ulong)Stops(Vector128.LoadUnsafe(ref at, 32)).ExtractMostSignificantBits() << 32)
                    | ((ulong)Stops(Vector128.LoadUnsafe(ref at, 48)).ExtractMostSignificantBits() << 48);
            }
        }

        ulong mask = 0;
        int count = Math.Min(data.Length - start, Block);
        for (int i = 0; i < count; i++)
        {
            if (Unsafe.Add(ref at, i) is (byte)',' or (byte)'\r' or (byte)'\n')
                mask |= 1UL << i;
        }

        return mask;
    }

    private static Vector512<byte> Stops(Vector512<byte> bytes) =>
        Vector512.Equals(bytes, Vector512.Create((byte)',')) | Vector512.Equals(bytes, Vector512.Create((byte)'\n'))
        | Vector512.Equals(bytes, Vector512.Create((byte)'\r'));

    private static Vector256<byte> Stops(Vector256<byte> bytes) =>
        Vector256.Equals(bytes, Vector256.Create((byte)',')) | Vector256.Equals(bytes, Vector256.Create((byte)'\n'))
        | Vector256.Equals(bytes, Vector256.Create((byte)'\r'));

    private static Vector128<byte> Stops(Vector128<byte> bytes) =>
        Vector128.Equals(bytes, Vector128.Create((byte)',')) | Vector128.Equals(bytes, Vector128.Create((byte)'\n'))
        | Vector128.Equals(bytes, Vector128.Create((byte)'\r'));
}
