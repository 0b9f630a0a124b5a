using TrainingService.Engine.Metrics;

namespace TrainingService.Engine.Tests.Metrics;

/// <summary>
/// The radix-sorted rank sum behind <see cref="ClassificationMetrics.RocAuc(ReadOnlySpan{float}, ReadOnlySpan{int}, int)"/>
/// gives the same double as ranking by a comparison sort (the definition, kept here as the reference).
/// </summary>
public sealed class RocAucRankTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 1_000)]
    [InlineData(3, 60_000)]
    public void RocAuc_ManyTiesSignedZerosAndExtremes_IsBitForBitTheComparisonSortsResult(int seed, int rows)
    {
        var random = new Random(seed);
        var scores = new float[rows];
        var actual = new int[rows];
        float[] specials = [0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, 1f, -1f];
        for (int i = 0; i < rows; i++)
        {
            // A third coarse (many ties), a third fine, a third special values.
            scores[i] = (i % 3) switch
            {
                0 => random.Next(20) / 19f,
                1 => (float)(random.NextDouble() * 2 - 1) * 1e3f,
                _ => specials[random.Next(specials.Length)],
            };
            actual[i] = random.Next(3);
        }

        for (int positive = 0; positive < 3; positive++)
        {
            double expected = ReferenceAuc(scores, actual, positive);

            double auc = ClassificationMetrics.RocAuc(scores, actual, positive);

            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(auc));
        }
    }

    [Fact]
    public void RocAuc_NegativeZeroTiesPositiveZero()
    {
        // Positive at -0, negative at +0: a tie, so one half.
        Assert.Equal(0.5, ClassificationMetrics.RocAuc([-0f, 0f], [1, 0], 1));
    }

    [Fact]
    public void RocAuc_NegativeScoresRankBelowPositiveOnes()
    {
        Assert.Equal(1.0, ClassificationMetrics.RocAuc([-3f, -0.5f, 0.25f, 2f], [0, 0, 1, 1], 1));
        Assert.Equal(0.0, ClassificationMetrics.RocAuc([-3f, -0.5f, 0.25f, 2f], [1, 1, 0, 0], 1));
    }

    /// <summary>Mann–Whitney over average ranks from <see cref="Array.Sort{TKey, TValue}(TKey[], TValue[])"/>.</summary>
    private static double ReferenceAuc(float[] scores, int[] actual, int positiveClass)
    {
        int n = scores.Length;
        int[] order = Enumerable.Range(0, n).ToArray();
        float[] keys = (float[])scores.Clone();
        Array.Sort(keys, order);
        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start])
                end++;
            double rank = (start + 1 + end) / 2.0;
            for (int i = start; i < end; i++)
            {
                if (actual[order[i]] == positiveClass)
                {
                    positiveRankSum += rank;
                    positives++;
                }
            }

            start = end;
        }

        long negatives = n - positives;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
