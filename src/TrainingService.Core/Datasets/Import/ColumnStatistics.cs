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
    /// <paramref name="first"/> + <see cref="Lanes"/> - 1 at once.
    /// </summary>
    public void AddVector(ReadOnlySpan<double> values, int rows, int stride, int first)
    {
        // The loop below reads without bounds checks.
        if (first < 0 || first + Vector<double>.Count > stride || (long)rows * stride > values.Length)
            throw new ArgumentOutOfRangeException(nameof(rows));
        var count = Load(_count, first);
        var mean = Load(_mean, first);
        var m2 = Load(_m2, first);
        var min = Load(_min, first);
        var max = Load(_max, first);
        ref double at = ref Unsafe.Add(ref MemoryMarshal.GetReference(values), first);
        for (int r = 0; r < rows; r++)
        {
            var x = Vector.LoadUnsafe(ref at, (nuint)(r * stride));
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

        Store(count, _count, first);
        Store(mean, _mean, first);
        Store(m2, _m2, first);
        Store(min, _min, first);
        Store(max, _max, first);
    }

    /// <summary>Columns updated at once by <see cref="AddVector"/>; 1 without vector hardware.</summary>
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

    private static Vector<double> Load(double[] lanes, int first) => new(lanes.AsSpan(first));

    private static void Store(Vector<double> vector, double[] lanes, int first) => vector.CopyTo(lanes.AsSpan(first));
}
