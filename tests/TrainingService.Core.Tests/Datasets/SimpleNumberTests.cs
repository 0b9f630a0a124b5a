using System.Globalization;
using System.Text;
using TrainingService.Core.Datasets.Import;

namespace TrainingService.Core.Tests.Datasets;

public sealed class SimpleNumberTests
{
    public static TheoryData<string> EdgeCases => new(
        "0", "7", "42", "255", "-0", "+0", "-0.0", "0.0", "-7", "+7", "1.", "1.0", "0.5", "-0.5", "0.1", "0.3", "2.675",
        "1e-5", "1E-5", "1e5", "1e+5", "1.5e3", "-2.5E-3", "1e22", "1e-22", "1e23", "1e-23", "9007199254740992", "9007199254740993",
        "9007199254740991.5", "123456789012345678", "1234567890123456789", "12345678901234567890", "0.000000000000000000001",
        "3.4028235e38", "3.4028236e38", "3.40282347e38", "1.17549435e-38", "1.4e-45", "16777217", "16777216.5", "0.30000000000000004",
        "00000000000000000000000000001", "1.00000000000000000000000001", "4.9406564584124654e-324", "1.7976931348623157e308",
        "1e308", "1e999", "1e0001", "1e000", "1.e5", ".5", "-.5", "5.", "e5", "-", "+", ".", "", " 1", "1 ", "1,5", "1_000",
        "0x10", "Infinity", "-Infinity", "NaN", "1e", "1e-", "1.2.3", "--1", "1-", "١");

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void TryParse_EdgeCase_SameDoubleAndFloatAsDoubleTryParse(string text) => AssertSameAsBcl(text);

    [Fact]
    public void TryParse_RandomDecimals_SameBitsAsDoubleTryParse()
    {
        var random = new Random(17);
        for (int i = 0; i < 200_000; i++)
        {
            string text = random.Next(6) switch
            {
                0 => random.Next(-1000, 100_000).ToString(CultureInfo.InvariantCulture),
                1 => (random.NextDouble() * Math.Pow(10, random.Next(-8, 12))).ToString("R", CultureInfo.InvariantCulture),
                2 => ((float)(random.NextDouble() * 2 - 1)).ToString(CultureInfo.InvariantCulture),
                3 => $"{random.NextInt64(0, long.MaxValue)}.{random.Next(0, 1_000_000):D6}",
                4 => $"{random.Next(-99_999, 99_999)}.{random.Next(0, 100)}e{random.Next(-30, 30)}",
                _ => Digits(random, random.Next(1, 24)) + "." + Digits(random, random.Next(0, 24)),
            };
            AssertSameAsBcl(text);
        }
    }

    [Fact]
    public void TryParse_ShortIntegers_TakeTheFastPath()
    {
        Assert.True(SimpleNumber.TryParse("255"u8, out double value));
        Assert.Equal(255, value);
        Assert.True(SimpleNumber.TryParse("-0"u8, out value));
        Assert.True(double.IsNegative(value));
        Assert.True(SimpleNumber.TryParse("0.25"u8, out value));
        Assert.Equal(0.25, value);
    }

    /// <summary>Where SimpleNumber takes a number it gives double.TryParse's bits; where it declines, the BCL decides.</summary>
    private static void AssertSameAsBcl(string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        bool bcl = double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected);
        if (!SimpleNumber.TryParse(utf8, out double actual))
            return;
        Assert.True(bcl, $"'{text}' is not a number to double.TryParse, but SimpleNumber read {actual:R}");
        Assert.True(
            BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"'{text}': double.TryParse {expected:R}, SimpleNumber {actual:R}");
        Assert.Equal(BitConverter.SingleToInt32Bits((float)expected), BitConverter.SingleToInt32Bits((float)actual));
    }

    private static string Digits(Random random, int count)
    {
        var text = new char[count];
        for (int i = 0; i < count; i++)
            text[i] = (char)('0' + random.Next(10));
        return new string(text);
    }
}
