using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TrainingService.Core.Models;

namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// What fitting a numeric column needs from its training values: count, sum, sum of squares, min and max of the
/// present values, and the first row with a missing one. Parts of a column can be summarised separately and merged;
/// merging in row order gives the same result whoever computed the parts.
/// </summary>
public struct NumericStatistics()
{
    public int Count;
    public double Sum;
    public double SumOfSquares;
    public float Min = float.PositiveInfinity;
    public float Max = float.NegativeInfinity;

    /// <summary>0-based dataset row of the first missing value, -1 when none.</summary>
    public long FirstMissingRow = -1;

    public void Add(float value, long row)
    {
        if (float.IsNaN(value))
        {
            if (FirstMissingRow < 0) FirstMissingRow = row;
            return;
        }

        Sum += value;
        SumOfSquares += (double)value * value;
        // Plain comparisons: value is never NaN here, so Math.Min/Max's NaN handling would only cost time.
        Min = value < Min ? value : Min;
        Max = value > Max ? value : Max;
        Count++;
    }

    /// <summary>
    /// Adds the values of consecutive rows from <paramref name="firstRow"/> whose <paramref name="selectors"/> entry is
    /// not negative. Eight lanes at a time on every machine (Vector256 is emulated where the hardware lacks it), so the
    /// sums do not depend on the hardware; they may differ in the last bits from adding the same values one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddWhereSelected(ReadOnlySpan<float> values, ReadOnlySpan<int> selectors, long firstRow)
    {
        Vector256<double> sumLow = default, sumHigh = default, squaresLow = default, squaresHigh = default;
        var min = Vector256.Create(float.PositiveInfinity);
        var max = Vector256.Create(float.NegativeInfinity);
        var count = Vector256<int>.Zero;
        int i = 0;
        for (; i + Vector256<float>.Count <= values.Length; i += Vector256<float>.Count)
        {
            var value = Vector256.Create(values.Slice(i, Vector256<float>.Count));
            var selected = Vector256.GreaterThanOrEqual(Vector256.Create(selectors.Slice(i, Vector256<int>.Count)), Vector256<int>.Zero).AsSingle();
            var number = Vector256.Equals(value, value);
            if (FirstMissingRow < 0 && Vector256.AndNot(selected, number) != Vector256<float>.Zero)
                FirstMissingRow = firstRow + i + FirstMissingLane(values.Slice(i, Vector256<float>.Count), selectors.Slice(i, Vector256<int>.Count));
            var present = selected & number;
            var (low, high) = Vector256.Widen(Vector256.ConditionalSelect(present, value, Vector256<float>.Zero));
            sumLow += low;
            sumHigh += high;
            squaresLow += low * low;
            squaresHigh += high * high;
            min = Vector256.Min(min, Vector256.ConditionalSelect(present, value, Vector256.Create(float.PositiveInfinity)));
            max = Vector256.Max(max, Vector256.ConditionalSelect(present, value, Vector256.Create(float.NegativeInfinity)));
            count -= present.AsInt32();
        }

        for (int lane = 0; lane < Vector256<double>.Count; lane++)
        {
            Sum += sumLow[lane] + sumHigh[lane];
            SumOfSquares += squaresLow[lane] + squaresHigh[lane];
        }

        for (int lane = 0; lane < Vector256<float>.Count; lane++)
        {
            Count += count[lane];
            Min = min[lane] < Min ? min[lane] : Min;
            Max = max[lane] > Max ? max[lane] : Max;
        }

        for (; i < values.Length; i++)
            if (selectors[i] >= 0)
                Add(values[i], firstRow + i);
    }

    private static int FirstMissingLane(ReadOnlySpan<float> values, ReadOnlySpan<int> selectors)
    {
        int lane = 0;
        while (selectors[lane] < 0 || !float.IsNaN(values[lane]))
            lane++;
        return lane;
    }

    /// <summary>Adds a part that comes after every row already added.</summary>
    public void Append(in NumericStatistics later)
    {
        Count += later.Count;
        Sum += later.Sum;
        SumOfSquares += later.SumOfSquares;
        Min = later.Min < Min ? later.Min : Min;
        Max = later.Max > Max ? later.Max : Max;
        if (FirstMissingRow < 0) FirstMissingRow = later.FirstMissingRow;
    }

    public readonly FeatureEncoding ToEncoding(string name, NumericScaling scaling, MissingValueStrategy missing)
    {
        if (missing == MissingValueStrategy.Error && FirstMissingRow >= 0)
            throw new TrainingDataException($"Column '{name}' has a missing value at data row {FirstMissingRow + 1}, and the model's preprocessing.missing is 'error'.");
        if (Count == 0)
            return new FeatureEncoding(name, false, 0f, 1f, 0f, []);
        double mean = Sum / Count;
        double std = Math.Sqrt(Math.Max(0, SumOfSquares / Count - mean * mean));
        float fill = missing == MissingValueStrategy.Mean ? (float)mean : 0f;
        // A constant column carries no information; scale 1 keeps it finite instead of dividing by zero.
        return scaling switch
        {
            NumericScaling.Standardize => new FeatureEncoding(name, false, (float)mean, std > 1e-12 ? (float)std : 1f, fill, []),
            NumericScaling.MinMax => new FeatureEncoding(name, false, Min, Max > Min ? Max - Min : 1f, fill, []),
            _ => new FeatureEncoding(name, false, 0f, 1f, fill, []),
        };
    }
}
