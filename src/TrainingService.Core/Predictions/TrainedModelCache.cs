using Microsoft.Extensions.Options;
using TrainingService.Core.Training;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Engine;

namespace TrainingService.Core.Predictions;

/// <summary>
/// Trained networks kept in memory between predictions, so a warm request neither reads its model's bytes from
/// PostgreSQL nor decodes them. Keyed by training job: a job's trained model is written once, when the job ends,
/// and goes only with the job; callers check under the tenant's query filter that the job still has its model
/// before they ask, so an entry is never used by someone who may not use the model.
/// A network keeps per-call buffers, so an entry lends each concurrent prediction its own instance and keeps the
/// returned ones for the next; the least recently used entries go once the budget is passed. Each network serves only
/// (<see cref="Network.ServeOnly"/>): its weights are packed once for the GEMM when it is decoded, not per request.
/// </summary>
public sealed class TrainedModelCache(IOptions<PredictionOptions> options)
{
    /// <summary>Rows one network predicts at once (its buffers' size); larger requests run in chunks of this.</summary>
    public const int PredictBatch = 1024;

    private readonly long _budgetBytes = (long)options.Value.ModelCacheMegabytes << 20;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = [];
    private long _heldBytes;

    /// <summary>
    /// A network for <paramref name="trainingJobId"/>'s model, decoded from <paramref name="load"/>'s bytes when
    /// no idle one is kept; null when it has to load and there are none. Dispose the lease to hand the network back.
    /// </summary>
    public async Task<Lease?> RentAsync(Guid trainingJobId, Func<CancellationToken, Task<byte[]?>> load, CancellationToken ct)
    {
        Entry? entry;
        lock (_lock)
        {
            if (_entries.TryGetValue(trainingJobId, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                if (node.Value.Idle.TryPop(out Network? idle))
                {
                    _heldBytes -= NetworkBytes(node.Value);
                    return new Lease(this, node.Value, node.Value.Preprocessing, idle);
                }
            }
            entry = node?.Value;
        }

        byte[]? data = entry?.Data ?? await load(ct);
        if (data is null) return null;
        var (preprocessing, network) = TrainedModelFormat.Read(data, PredictBatch);
        network.ServeOnly();
        entry ??= Add(trainingJobId, data, preprocessing);
        return new Lease(this, entry, entry?.Preprocessing ?? preprocessing, network);
    }

    private Entry? Add(Guid trainingJobId, byte[] data, FittedPreprocessing preprocessing)
    {
        // An entry holds its bytes and at least one network.
        if (data.Length + NetworkBytes(data) > _budgetBytes) return null;
        lock (_lock)
        {
            if (_entries.TryGetValue(trainingJobId, out var existing)) return existing.Value;
            var entry = new Entry(trainingJobId, data, preprocessing);
            _entries[trainingJobId] = _recency.AddFirst(entry);
            _heldBytes += data.Length;
            return entry;
        }
    }

    private void Return(Entry entry, Network network)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(entry.TrainingJobId, out var node) || node.Value != entry) return;
            entry.Idle.Push(network);
            _heldBytes += NetworkBytes(entry);
            while (_heldBytes > _budgetBytes && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.TrainingJobId);
                _heldBytes -= oldest.Value.Data.Length + NetworkBytes(oldest.Value) * oldest.Value.Idle.Count;
            }
        }
    }

    /// <summary>A decoded network is about the size of its file, and as much again for its packed weights.</summary>
    private static long NetworkBytes(byte[] data) => 2L * data.Length;

    private static long NetworkBytes(Entry entry) => NetworkBytes(entry.Data);

    internal sealed class Entry(Guid trainingJobId, byte[] data, FittedPreprocessing preprocessing)
    {
        public Guid TrainingJobId { get; } = trainingJobId;
        public byte[] Data { get; } = data;
        public FittedPreprocessing Preprocessing { get; } = preprocessing;
        public Stack<Network> Idle { get; } = [];
    }

    /// <summary>A network lent for one prediction, with the preprocessing fitted when it was trained.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly TrainedModelCache _cache;
        private readonly Entry? _entry;
        private bool _returned;

        internal Lease(TrainedModelCache cache, Entry? entry, FittedPreprocessing preprocessing, Network network)
        {
            _cache = cache;
            _entry = entry;
            Preprocessing = preprocessing;
            Network = network;
        }

        public FittedPreprocessing Preprocessing { get; }

        public Network Network { get; }

        public void Dispose()
        {
            if (_returned) return;
            _returned = true;
            if (_entry is not null) _cache.Return(_entry, Network);
        }
    }
}
