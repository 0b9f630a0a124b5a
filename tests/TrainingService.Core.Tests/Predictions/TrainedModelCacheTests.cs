using Microsoft.Extensions.Options;
using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Core.Predictions;
using TrainingService.Core.Tests.Training;
using TrainingService.Core.Training;
using TrainingService.Engine;
using TrainingService.Engine.Activations;

namespace TrainingService.Core.Tests.Predictions;

public sealed class TrainedModelCacheTests
{
    private static readonly DatasetColumnData Size = new("size", 0, ColumnType.Numeric, [], [1f, 2f, 3f, 4f]);
    private static readonly DatasetColumnData Label = new("label", 1, ColumnType.Categorical, ["yes", "no"], [0f, 1f, 0f, 1f]);

    [Fact]
    public async Task Rent_AfterReturn_ReusesTheNetworkWithoutLoading()
    {
        var cache = Cache(megabytes: 16);
        var loads = new LoadCounter(Model(hidden: 8));
        Guid job = Guid.NewGuid();

        Network first;
        using (var lease = await cache.RentAsync(job, loads.Load, CancellationToken.None))
            first = lease!.Network;
        using var again = await cache.RentAsync(job, loads.Load, CancellationToken.None);

        Assert.Same(first, again!.Network);
        Assert.Equal(1, loads.Count);
    }

    [Fact]
    public async Task Rent_WhileLent_GivesEachCallerItsOwnNetwork()
    {
        var cache = Cache(megabytes: 16);
        var loads = new LoadCounter(Model(hidden: 8));
        Guid job = Guid.NewGuid();

        using var one = await cache.RentAsync(job, loads.Load, CancellationToken.None);
        using var two = await cache.RentAsync(job, loads.Load, CancellationToken.None);

        Assert.NotSame(one!.Network, two!.Network);
        Assert.Equal(1, loads.Count); // the second instance is decoded from the kept bytes
    }

    [Fact]
    public async Task Rent_PastTheBudget_DropsTheLeastRecentlyUsedModel()
    {
        // Each model is ~0.4 MB: held once as bytes and twice for an idle network (its weights and their packed copy):
        // two fit in 3 MB, three do not.
        var cache = Cache(megabytes: 3);
        var loads = new LoadCounter(Model(hidden: 512));
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();

        foreach (Guid job in new[] { a, b, a, c, a, b })
            (await cache.RentAsync(job, loads.Load, CancellationToken.None))!.Dispose();

        // a, b, (a cached), c evicts b, (a cached), b again.
        Assert.Equal(4, loads.Count);
    }

    [Fact]
    public async Task Rent_LendsServingNetworks_ThatPredictAsTheStoredModelDoes()
    {
        var cache = Cache(megabytes: 16);
        byte[] model = Model(hidden: 8);
        var (_, stored) = TrainedModelFormat.Read(model, TrainedModelCache.PredictBatch);
        float[] rows = [.. Enumerable.Range(0, 40).Select(i => i / 10f)];
        float[] expected = new float[40 * 2], actual = new float[40 * 2];
        stored.Predict(rows, 40, expected);

        using var lease = await cache.RentAsync(Guid.NewGuid(), new LoadCounter(model).Load, CancellationToken.None);
        lease!.Network.Predict(rows, 40, actual);

        Assert.True(lease.Network.IsServingOnly);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Rent_CacheTurnedOff_LoadsEveryTime()
    {
        var cache = Cache(megabytes: 0);
        var loads = new LoadCounter(Model(hidden: 8));
        Guid job = Guid.NewGuid();

        for (int i = 0; i < 3; i++)
            (await cache.RentAsync(job, loads.Load, CancellationToken.None))!.Dispose();

        Assert.Equal(3, loads.Count);
    }

    [Fact]
    public async Task Rent_NoModelStored_ReturnsNull()
    {
        var cache = Cache(megabytes: 16);

        var lease = await cache.RentAsync(Guid.NewGuid(), _ => Task.FromResult<byte[]?>(null), CancellationToken.None);

        Assert.Null(lease);
    }

    private static TrainedModelCache Cache(int megabytes) =>
        new(Options.Create(new PredictionOptions { ModelCacheMegabytes = megabytes }));

    private static byte[] Model(int hidden)
    {
        var preprocessing = LoadedColumnsFitter.Fit([Size], Label, [0, 1, 2, 3], classification: true, outputUnits: 2, NumericScaling.Standardize, MissingValueStrategy.Mean);
        Network network = new NetworkBuilder(1).Dense(hidden, ActivationKind.Relu).Dense(200, ActivationKind.Relu).Dense(2, ActivationKind.Softmax).WithSeed(1).Build();
        return TrainedModelFormat.Write(preprocessing, network);
    }

    private sealed class LoadCounter(byte[] data)
    {
        public int Count { get; private set; }

        public Task<byte[]?> Load(CancellationToken ct)
        {
            Count++;
            return Task.FromResult<byte[]?>(data);
        }
    }
}
