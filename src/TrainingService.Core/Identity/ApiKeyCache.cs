using System.Collections.Concurrent;

namespace TrainingService.Core.Identity;

/// <summary>
/// Tenant keys that authenticated in this Api process within <see cref="MaxAge"/>. Only routes whose own statement
/// checks the key again (<see cref="CallerKey"/>) take a key from here: a warm one-row prediction then skips the key's
/// separate database read, and a revoked key still stores and gets nothing, in any process, from the next request on
/// (ADR-022). Every other route reads the key on every request, as before.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    /// <summary>How long an entry is used before the key is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>Keys kept at most; only keys that authenticated get in, and a full cache starts over.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _byPrefix = new(StringComparer.Ordinal);

    /// <summary>The key with this lookup prefix as it was read within <see cref="MaxAge"/>, or null.</summary>
    public ApiKey? Find(string prefix) =>
        _byPrefix.TryGetValue(prefix, out var entry) && clock.GetUtcNow() - entry.ReadAt < MaxAge ? entry.Key : null;

    /// <summary>Keeps a key just read from the database.</summary>
    public void Add(ApiKey key)
    {
        if (_byPrefix.Count >= MaxEntries)
            _byPrefix.Clear();
        _byPrefix[key.Prefix] = new Entry(key, clock.GetUtcNow());
    }

    /// <summary>Drops a key found revoked.</summary>
    public void Remove(Guid keyId)
    {
        foreach (var (prefix, entry) in _byPrefix)
            if (entry.Key.Id == keyId)
                _byPrefix.TryRemove(prefix, out _);
    }

    private sealed record Entry(ApiKey Key, DateTimeOffset ReadAt);
}
