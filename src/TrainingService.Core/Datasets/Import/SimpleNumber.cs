using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// The common shapes of a CSV number (<c>-12</c>, <c>0.5</c>, <c>3.25e-2</c>) parsed without
/// <see cref="double.TryParse(ReadOnlySpan{byte}, System.Globalization.NumberStyles, IFormatProvider?, out double)"/>,
/// to the same double bit for bit; anything else is left to it.
/// </summary>
/// <remarks>
/// Exact by Clinger's fast path: a decimal significand of at most 2^53 and a power of ten of at most 10^22 are both
/// exact doubles, so one IEEE multiplication or division rounds their product or quotient correctly, which is
/// what double.Parse returns (correctly rounded since .NET Core 3.0). Whitespace, more digits, larger exponents,
/// <c>.5</c>, <c>Infinity</c> and the like fall back. Most CSV numbers are short, so the fallback is rare.
/// </remarks>
internal static class SimpleNumber
{
    private const ulong MaxExactSignificand = 1UL << 53;
    private const int MaxExactPower = 22;

    // Doubles, not computed: every one is exact (5^22 < 2^53).
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private static ReadOnlySpan<byte> TensWeights => [0, 10, 10];

    private static ReadOnlySpan<byte> HundredsWeights => [0, 0, 100];

    /// <summary>True with <paramref name="value"/> when <paramref name="text"/> is a number of a shape parsed here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> text, out double value) =>
        TryParseShort(text, out value) || TryParseGeneral(text, out value);

    /// <summary>True with <paramref name="value"/> when <paramref name="text"/> is one to three decimal digits.</summary>
    /// <remarks>
    /// The commonest fields of numeric CSVs (pixels, counts, labels, flags), parsed without a branch on the length:
    /// a switch on it is mispredicted field after field when lengths vary (0, 17, 255). The last byte is the ones;
    /// byte last / 2 (the first for one or two digits, the second for three) the tens, weighted 0 for one digit;
    /// the first the hundreds, weighted 100 only for three.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseShort(ReadOnlySpan<byte> text, out double value)
    {
        int last = text.Length - 1;
        if ((uint)last < 3)
        {
            ref byte first = ref MemoryMarshal.GetReference(text);
            uint ones = (uint)(Unsafe.Add(ref first, last) - '0');
            uint tens = (uint)(Unsafe.Add(ref first, last >> 1) - '0');
            uint hundreds = (uint)(first - '0');
            if ((ones | tens | hundreds) <= 9)
            {
                value = ones + (tens * TensWeights[last]) + (hundreds * HundredsWeights[last]);
                return true;
            }
        }

        value = 0;
        return false;
    }

    // Not inlined: it would crowd the hot loop of every caller for the rare longer number.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseGeneral(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == '-';
            i = 1;
        }

        ulong significand = 0;
        int digits = ReadDigits(text, ref i, ref significand);
        if (digits == 0)
            return false;
        int fractionDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            fractionDigits = ReadDigits(text, ref i, ref significand);
            digits += fractionDigits;
        }

        int exponent = 0;
        if (i < text.Length && (text[i] | 0x20) == 'e')
        {
            i++;
            bool negativeExponent = false;
            if (i < text.Length && text[i] is (byte)'-' or (byte)'+')
            {
                negativeExponent = text[i] == '-';
                i++;
            }

            int exponentStart = i;
            for (; i < text.Length && i - exponentStart < 3; i++)
            {
                uint d = (uint)(text[i] - '0');
                if (d > 9)
                    break;
                exponent = (exponent * 10) + (int)d;
            }

            if (i == exponentStart)
                return false;
            if (negativeExponent)
                exponent = -exponent;
        }

        // 19 digits always fit a ulong; more may have wrapped. Trailing text (blanks, a fourth exponent digit,
        // letters) is double.TryParse's to judge.
        if (i != text.Length || digits > 19 || significand > MaxExactSignificand)
            return false;
        int power = exponent - fractionDigits;
        double magnitude = significand;
        if (power < 0)
        {
            if (power < -MaxExactPower)
                return false;
            magnitude /= PowersOfTen[-power];
        }
        else if (power > 0)
        {
            if (power > MaxExactPower)
                return false;
            magnitude *= PowersOfTen[power];
        }

        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>Appends the decimal digits from <paramref name="i"/> on to <paramref name="significand"/>; returns how many.</summary>
    private static int ReadDigits(ReadOnlySpan<byte> text, ref int i, ref ulong significand)
    {
        int start = i;
        for (; i < text.Length; i++)
        {
            uint d = (uint)(text[i] - '0');
            if (d > 9)
                break;
            significand = (significand * 10) + d;
        }

        return i - start;
    }
}
