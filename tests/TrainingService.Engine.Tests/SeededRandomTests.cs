using TrainingService.Engine;

namespace TrainingService.Engine.Tests;

public sealed class SeededRandomTests
{
    [Fact]
    public void FromState_SavedMidStream_ContinuesIdentically()
    {
        var original = new SeededRandom(42);
        for (int i = 0; i < 17; i++) original.NextUInt64();

        var restored = SeededRandom.FromState(original.GetState());

        for (int i = 0; i < 100; i++) Assert.Equal(original.NextUInt64(), restored.NextUInt64());
    }

    [Fact]
    public void Constructor_DifferentSeeds_GiveDifferentStreams()
    {
        Assert.NotEqual(new SeededRandom(1).NextUInt64(), new SeededRandom(2).NextUInt64());
    }

    [Fact]
    public void Shuffle_Always_PermutesEveryItemOnce()
    {
        int[] items = Enumerable.Range(0, 1000).ToArray();

        new SeededRandom(7).Shuffle(items);

        Assert.Equal(Enumerable.Range(0, 1000), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), items);
    }

    [Fact]
    public void NextSingle_ManyDraws_StaysInUnitIntervalWithMeanNearHalf()
    {
        var random = new SeededRandom(3);
        double sum = 0;
        for (int i = 0; i < 100_000; i++)
        {
            float x = random.NextSingle();
            Assert.InRange(x, 0f, 0.99999994f);
            sum += x;
        }

        Assert.InRange(sum / 100_000, 0.49, 0.51);
    }

    [Fact]
    public void NextGaussian_ManyDraws_HasUnitVariance()
    {
        var random = new SeededRandom(5);
        double[] draws = Enumerable.Range(0, 100_000).Select(_ => random.NextGaussian()).ToArray();
        double mean = draws.Average();
        double variance = draws.Select(d => (d - mean) * (d - mean)).Average();

        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.97, 1.03);
    }

    [Fact]
    public void FromState_AllZero_Throws()
    {
        Assert.Throws<ArgumentException>(() => SeededRandom.FromState(new ulong[4]));
    }
}
