using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// Welford's running count, mean and sum of squared deviations, and the minimum and maximum, of the numbers of
/// several columns, kept column by column in arrays (one lane per column) so that adjacent columns update together
/// in one vector.
/// </summary>
/// <remarks>
/// Each lane does exactly the scalar update in the same order (subtract, divide, add, subtract, multiply, add; no
/// fused multiply-add; <see cref="Vector.Min{T}"/> and <see cref="Vector.Max{T}"/> order -0 below +0 as
/// <see cref="Math.Min(double, double)"/> does), and every column still sees its values in row order, so the
/// results are bit for bit those of a value-at-a-time pass. NaN marks a value that is not a number (missing): it
/// is skipped, lane by lane.
/// </remarks>
internal sealed class ColumnStatistics
{
    private readonly double[] _count;
    private readonly double[] _mean;
    private readonly double[] _m2;
    private readonly double[] _min;
    private readonly double[] _max;

    public ColumnStatistics(int columns)
    {
        _count = new double[columns];
        _mean = new double[columns];
        _m2 = new double[columns];
        _min = new double[columns];
        _max = new double[columns];
        _min.AsSpan().Fill(double.PositiveInfinity);
        _max.AsSpan().Fill(double.NegativeInfinity);
    }

    /// <summary>Numbers added to column <paramref name="column"/> so far.</summary>
    public long Count(int column) => (long)_count[column];

    /// <summary>Column <paramref name="column"/>'s summary: null for a column without numbers.</summary>
    public (double Min, double Max, double Mean, double Std)? Summary(int column)
    {
        long count = Count(column);
        return count == 0 ? null : (_min[column], _max[column], _mean[column], Math.Sqrt(_m2[column] / count));
    }

    /// <summary>
    /// Adds the <paramref name="rows"/> rows of <paramref name="values"/> (row-major, <paramref name="stride"/> values a
    /// row, column <c>c</c> of this set at offset <c>c</c>) to columns <paramref name="first"/> to
    /// <paramref name="first"/> + 2 × <see cref="Lanes"/> - 1, two vectors of columns at once.
    /// </summary>
    /// <remarks>
    /// Two vectors, because a column's update waits for its previous one (a division among them): two independent
    /// chains in one loop keep the core busy while each waits.
    /// </remarks>
    public void AddVectors(ReadOnlySpan<double> values, int rows, int stride, int first)
    {
        int second = first + Vector<double>.Count;
        // The loop below reads without bounds checks.
        if (first < 0 || second + Vector<double>.Count > stride || (long)rows * stride > values.Length)
            throw new ArgumentOutOfRangeException(nameof(first));
        Vector<double> count1 = Load(_count, first), mean1 = Load(_mean, first), m21 = Load(_m2, first), min1 = Load(_min, first), max1 = Load(_max, first);
        Vector<double> count2 = Load(_count, second), mean2 = Load(_mean, second), m22 = Load(_m2, second), min2 = Load(_min, second), max2 = Load(_max, second);
        ref double at = ref Unsafe.Add(ref MemoryMarshal.GetReference(values), first);
        for (int r = 0; r < rows; r++)
        {
            nuint offset = (nuint)(r * stride);
            Add(Vector.LoadUnsafe(ref at, offset), ref count1, ref mean1, ref m21, ref min1, ref max1);
            Add(Vector.LoadUnsafe(ref at, offset + (nuint)Vector<double>.Count), ref count2, ref mean2, ref m22, ref min2, ref max2);
        }

        Store(first, count1, mean1, m21, min1, max1);
        Store(second, count2, mean2, m22, min2, max2);
    }

    /// <summary>Columns in one vector of <see cref="AddVectors"/>; 1 without vector hardware.</summary>
    public static int Lanes => Vector.IsHardwareAccelerated ? Vector<double>.Count : 1;

    /// <summary>Adds column <paramref name="column"/>'s value of each of the <paramref name="rows"/> rows, one at a time.</summary>
    public void AddScalar(ReadOnlySpan<double> values, int rows, int stride, int column)
    {
        long count = (long)_count[column];
        double mean = _mean[column];
        double m2 = _m2[column];
        double min = _min[column];
        double max = _max[column];
        for (int r = 0; r < rows; r++)
        {
            double x = values[(r * stride) + column];
            if (double.IsNaN(x))
                continue;
            count++;
            double delta = x - mean;
            mean += delta / count;
            m2 += delta * (x - mean);
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }

        _count[column] = count;
        _mean[column] = mean;
        _m2[column] = m2;
        _min[column] = min;
        _max[column] = max;
    }

    /// <summary>Welford's update of each lane whose <paramref name="x"/> is a number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(
        Vector<double> x, ref Vector<double> count, ref Vector<double> mean, ref Vector<double> m2, ref Vector<double> min, ref Vector<double> max)
    {
        var number = Vector.Equals(x, x);
        count += Vector.ConditionalSelect(number, Vector<double>.One, Vector<double>.Zero);
        var delta = x - mean;
        var nextMean = mean + (delta / count);
        var nextM2 = m2 + (delta * (x - nextMean));
        mean = Vector.ConditionalSelect(number, nextMean, mean);
        m2 = Vector.ConditionalSelect(number, nextM2, m2);
        min = Vector.ConditionalSelect(number, Vector.Min(min, x), min);
        max = Vector.ConditionalSelect(number, Vector.Max(max, x), max);
    }

    private static Vector<double> Load(double[] lanes, int first) => new(lanes.AsSpan(first));

    private void Store(int first, Vector<double> count, Vector<double> mean, Vector<double> m2, Vector<double> min, Vector<double> max)
    {
        count.CopyTo(_count.AsSpan(first));
        mean.CopyTo(_mean.AsSpan(first));
        m2.CopyTo(_m2.AsSpan(first));
        min.CopyTo(_min.AsSpan(first));
        max.CopyTo(_max.AsSpan(first));
    }
}
