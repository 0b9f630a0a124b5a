using Microsoft.Extensions.Options;
using TrainingService.Core.Hosting;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using TrainingService.Engine.Training;

namespace TrainingService.Core.Tests.Training;

public sealed class PreparedDataCacheTests
{
    private static readonly OutputLayerSpec Output = new(1, OutputActivation.Linear, LossFunction.MeanSquaredError, null);

    [Fact]
    public void Find_AfterKeep_ReturnsTheSameData()
    {
        var cache = Cache(megabytes: 1);
        var data = Data(floats: 1000);
        cache.Keep("a", data);

        Assert.Same(data, cache.Find("a"));
        Assert.Same(data, cache.Find("a"));
    }

    [Fact]
    public void Find_OtherKey_MissesAndEmptiesTheCache()
    {
        var cache = Cache(megabytes: 1);
        cache.Keep("a", Data(floats: 1000));

        Assert.Null(cache.Find("b"));
        Assert.Null(cache.Find("a"));
    }

    [Fact]
    public void Find_NullKey_MissesAndEmptiesTheCache()
    {
        // A continued job keeps nothing, yet prepares: the kept data must not stay beside its matrices.
        var cache = Cache(megabytes: 1);
        cache.Keep("a", Data(floats: 1000));

        Assert.Null(cache.Find(null));
        Assert.Null(cache.Find("a"));
    }

    [Fact]
    public void Keep_BeyondTheBound_DropsTheLeastRecentlyUsed()
    {
        // Each entry 0.4 MiB (features + targets); two fit in 1 MiB, three do not.
        var cache = Cache(megabytes: 1);
        var (a, b, c) = (Data(floats: 52_429), Data(floats: 52_429), Data(floats: 52_429));
        cache.Keep("a", a);
        cache.Keep("b", b);
        Assert.Same(a, cache.Find("a"));

        cache.Keep("c", c);

        Assert.Same(c, cache.Find("c"));
        Assert.Same(a, cache.Find("a"));
        Assert.Null(cache.Find("b"));
    }

    [Fact]
    public void Keep_SameKeyTwice_KeepsOneEntryTheLatest()
    {
        // 0.4 MiB under "b", then twice 0.4 MiB under "a": a duplicate would push "b" out of 1 MiB.
        var cache = Cache(megabytes: 1);
        var (first, second, other) = (Data(floats: 52_429), Data(floats: 52_429), Data(floats: 52_429));
        cache.Keep("b", other);
        cache.Keep("a", first);
        cache.Keep("a", second);

        Assert.Same(other, cache.Find("b"));
        Assert.Same(second, cache.Find("a"));
    }

    [Fact]
    public void Keep_DataLargerThanTheBound_IsNotKept()
    {
        var cache = Cache(megabytes: 1);
        var large = Data(floats: 200_000);

        cache.Keep("large", large);

        Assert.Null(cache.Find("large"));
    }

    [Fact]
    public void Keep_BoundZero_KeepsNothing()
    {
        var cache = Cache(megabytes: 0);
        cache.Keep("a", Data(floats: 10));

        Assert.Null(cache.Find("a"));
    }

    private static PreparedDataCache Cache(int megabytes) =>
        new(Options.Create(new WorkerOptions { PreparedDataCacheMegabytes = megabytes }));

    /// <summary><paramref name="floats"/> feature values and as many targets: 8 bytes per float asked.</summary>
    private static PreparedData Data(int floats) =>
        new(null!, Output, new TrainingData(new float[floats], new float[floats], 1, 1), null);
}
