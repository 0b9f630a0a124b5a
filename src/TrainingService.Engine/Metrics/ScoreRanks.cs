namespace TrainingService.Engine.Metrics;

/// <summary>
/// The rank statistic behind ROC AUC: the sum of the 1-based average ranks of the positive rows' scores. Scores are
/// ordered by a radix sort of their bits (four byte passes) instead of a comparison sort: a 10-class evaluation of
/// 60,000 rows sorted 600,000 scores, ~40 ms with <see cref="Array.Sort{TKey, TValue}(TKey[], TValue[])"/> and ~3 ms so.
/// </summary>
/// <remarks>
/// The sum is the same double as with any sort: rows tied on a score share one rank, each adds it once, and groups
/// are summed in ascending score order. As <see cref="float.CompareTo(float)"/> does, −0 ties +0 and NaN sorts first,
/// each NaN on its own rank (NaN equals nothing).
/// </remarks>
internal static class ScoreRanks
{
    private const uint NaNKey = 0;

    /// <summary>
    /// The sum over the rows labelled <paramref name="positiveClass"/> of their scores' average ranks, and how many
    /// they are; <paramref name="work"/> and <paramref name="temp"/> are scratch of at least <c>scores.Length</c> values.
    /// </summary>
    public static double PositiveRankSum(
        ReadOnlySpan<float> scores, ReadOnlySpan<int> actual, int positiveClass, Span<ulong> work, Span<ulong> temp, out long positives)
    {
        int n = scores.Length;
        work = work[..n];
        temp = temp[..n];
        for (int i = 0; i < n; i++)
            work[i] = (ulong)SortableKey(scores[i]) << 32 | (actual[i] == positiveClass ? 1u : 0u);
        SortByHighHalf(work, temp);

        double positiveRankSum = 0;
        positives = 0;
        for (int start = 0; start < n;)
        {
            uint key = (uint)(work[start] >> 32);
            int end = start + 1;
            long groupPositives = (long)(work[start] & 1);
            while (end < n && key != NaNKey && (uint)(work[end] >> 32) == key)
                groupPositives += (long)(work[end++] & 1);
            // Ranks start..end-1 (0-based) share their mean, 1-based: (start + 1 + end) / 2.
            double rank = (start + 1 + end) / 2.0;
            for (long p = 0; p < groupPositives; p++)
                positiveRankSum += rank;
            positives += groupPositives;
            start = end;
        }

        return positiveRankSum;
    }

    /// <summary>The float's bits turned so that unsigned order is numeric order; −0 as +0, every NaN lowest.</summary>
    private static uint SortableKey(float score)
    {
        if (float.IsNaN(score))
            return NaNKey;
        uint bits = BitConverter.SingleToUInt32Bits(score == 0f ? 0f : score);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    /// <summary>
    /// A stable least-significant-digit radix sort on bits 32-63, a byte per pass; four passes, so the result ends in
    /// <paramref name="values"/>.
    /// </summary>
    private static void SortByHighHalf(Span<ulong> values, Span<ulong> temp)
    {
        Span<int> counts = stackalloc int[256];
        for (int shift = 32; shift < 64; shift += 8)
        {
            counts.Clear();
            foreach (ulong v in values)
                counts[(int)(v >> shift) & 0xFF]++;
            int total = 0;
            for (int b = 0; b < 256; b++)
                (counts[b], total) = (total, total + counts[b]);
            foreach (ulong v in values)
                temp[counts[(int)(v >> shift) & 0xFF]++] = v;
            var sorted = temp;
            temp = values;
            values = sorted;
        }
    }
}
