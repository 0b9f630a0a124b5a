using Microsoft.Extensions.Options;
using TrainingService.Core.Hosting;

namespace TrainingService.Core.Training;

/// <summary>
/// A worker's last prepared data, kept for the next job that would prepare the same (ADR-025): the trials of a tuning
/// search, or a model retrained with other settings, read the same rows with the same preprocessing, split and seed,
/// and preparing them again (the dataset streamed from PostgreSQL, fitted, encoded) cost a 5-epoch Fashion-MNIST job
/// a fifth of its time. Entries are keyed by everything preparation reads (<see cref="PreparedDataKey"/>) and bounded
/// by <see cref="WorkerOptions.PreparedDataCacheMegabytes"/>.
/// </summary>
/// <remarks>
/// A job that misses empties the cache before it prepares, so a worker never holds kept data beside a new job's: while
/// jobs run, the memory is what they use without a cache; only an idle worker keeps more, its last jobs' data.
/// </remarks>
public sealed class PreparedDataCache(IOptions<WorkerOptions> workers)
{
    private readonly Lock _gate = new();
    // Most recently used first.
    private readonly LinkedList<(string Key, PreparedData Data)> _entries = new();

    /// <summary>
    /// The data kept under <paramref name="key"/>, or null after emptying the cache for the miss's own preparation (a
    /// null key, a job whose data is never kept, misses too).
    /// </summary>
    public PreparedData? Find(string? key)
    {
        lock (_gate)
        {
            for (var node = _entries.First; key is not null && node is not null; node = node.Next)
            {
                if (node.Value.Key != key)
                    continue;
                _entries.Remove(node);
                _entries.AddFirst(node);
                return node.Value.Data;
            }

            _entries.Clear();
            return null;
        }
    }

    /// <summary>
    /// Keeps <paramref name="data"/> in place of anything under the same key (two jobs that missed together both
    /// prepared it), dropping the least recently used entries beyond the bound; data larger than it is not kept.
    /// </summary>
    public void Keep(string key, PreparedData data)
    {
        long limit = (long)workers.Value.PreparedDataCacheMegabytes << 20;
        if (data.Bytes > limit)
            return;
        lock (_gate)
        {
            _entries.AddFirst((key, data));
            long total = 0;
            for (var node = _entries.First; node is not null;)
            {
                var next = node.Next;
                bool replaced = node != _entries.First && node.Value.Key == key;
                if (replaced || (total += node.Value.Data.Bytes) > limit)
                    _entries.Remove(node);
                node = next;
            }
        }
    }
}
