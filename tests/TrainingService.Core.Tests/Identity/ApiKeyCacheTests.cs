using TrainingService.Core.Identity;

namespace TrainingService.Core.Tests.Identity;

public sealed class ApiKeyCacheTests
{
    [Fact]
    public void Find_YoungerThanMaxAge_ReturnsTheKeyUntilItIsTooOld()
    {
        var clock = new ManualClock();
        var cache = new ApiKeyCache(clock);
        var key = Key(Guid.NewGuid());

        cache.Add(key);
        var young = cache.Find(key.Prefix);
        clock.Now += ApiKeyCache.MaxAge;

        Assert.Same(key, young);
        Assert.Null(cache.Find(key.Prefix));
    }

    [Fact]
    public void Remove_OneKey_DropsOnlyIt()
    {
        var cache = new ApiKeyCache(new ManualClock());
        ApiKey revoked = Key(Guid.NewGuid()), kept = Key(revoked.TenantId);
        cache.Add(revoked);
        cache.Add(kept);

        cache.Remove(revoked.Id);

        Assert.Null(cache.Find(revoked.Prefix));
        Assert.Same(kept, cache.Find(kept.Prefix));
    }

    [Fact]
    public void Add_PastMaxEntries_StartsOver()
    {
        var cache = new ApiKeyCache(new ManualClock());
        var first = Key(Guid.NewGuid());
        cache.Add(first);
        for (int i = 1; i < ApiKeyCache.MaxEntries; i++)
            cache.Add(Key(first.TenantId));

        var last = Key(first.TenantId);
        cache.Add(last);

        Assert.Null(cache.Find(first.Prefix));
        Assert.Same(last, cache.Find(last.Prefix));
    }

    private static ApiKey Key(Guid tenantId)
    {
        var (key, prefix) = ApiKeySecret.Generate();
        return new ApiKey { Id = Guid.NewGuid(), TenantId = tenantId, Name = "k", Prefix = prefix, Hash = ApiKeySecret.Hash(key) };
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
