using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TrainingService.Api.Events;

/// <summary>
/// The open event streams of this Api process, by job and by tenant: <see cref="TrainingJobEventListener"/> wakes the
/// ones a notification concerns, and each stream then reads the log itself. Also counts each tenant's open streams
/// against <see cref="EventStreamOptions.MaxStreamsPerTenant"/>.
/// </summary>
public sealed class TrainingJobEventHub(IOptions<EventStreamOptions> options)
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();
    private readonly ConcurrentDictionary<Guid, int> _perTenant = new();

    /// <summary>Open streams in this process.</summary>
    public int Count => _subscriptions.Count;

    /// <summary>
    /// A subscription to one job's notifications (<paramref name="jobId"/> set) or to all of the tenant's; null when the
    /// tenant already has as many open streams as allowed. REVIEW: the cap is per Api process, not across replicas.
    /// </summary>
    public Subscription? Subscribe(Guid tenantId, Guid? jobId) => Subscribe(tenantId, jobId, null);

    /// <summary>A subscription to the notifications of the jobs <paramref name="concerns"/> picks (a tuning job's trials); null as above.</summary>
    public Subscription? Subscribe(Guid tenantId, Func<Guid, bool> concerns) => Subscribe(tenantId, null, concerns);

    private Subscription? Subscribe(Guid tenantId, Guid? jobId, Func<Guid, bool>? concerns)
    {
        int max = options.Value.MaxStreamsPerTenant;
        while (true)
        {
            int open = _perTenant.GetOrAdd(tenantId, 0);
            if (open >= max)
                return null;
            if (_perTenant.TryUpdate(tenantId, open + 1, open))
                break;
        }

        var subscription = new Subscription(this, tenantId, jobId, concerns);
        _subscriptions[subscription] = 0;
        return subscription;
    }

    /// <summary>Wakes the streams of the job and those of its tenant.</summary>
    public void Notify(Guid tenantId, Guid jobId)
    {
        foreach (var subscription in _subscriptions.Keys)
        {
            if (subscription.TenantId == tenantId && subscription.Concerns(jobId))
                subscription.Wake();
        }
    }

    /// <summary>Wakes every stream: after the listening connection was down, any of them may have missed a notification.</summary>
    public void NotifyAll()
    {
        foreach (var subscription in _subscriptions.Keys)
            subscription.Wake();
    }

    private void Remove(Subscription subscription)
    {
        if (_subscriptions.TryRemove(subscription, out _))
            _perTenant.AddOrUpdate(subscription.TenantId, 0, (_, open) => Math.Max(0, open - 1));
    }

    /// <summary>One open stream's wake-up signal; disposing it closes the stream's place in the hub.</summary>
    public sealed class Subscription(TrainingJobEventHub hub, Guid tenantId, Guid? jobId, Func<Guid, bool>? concerns = null) : IDisposable
    {
        private readonly SemaphoreSlim _signal = new(0, 1);

        public Guid TenantId { get; } = tenantId;

        public Guid? JobId { get; } = jobId;

        /// <summary>Whether a notification of <paramref name="job"/> wakes this stream: its job, its pick, or (neither) every job.</summary>
        public bool Concerns(Guid job) => concerns?.Invoke(job) ?? JobId is null || JobId == job;

        /// <summary>Waits for a notification or the timeout; true when woken.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

        internal void Wake()
        {
            try
            {
                // One pending wake-up is enough: the stream reads everything new when it wakes.
                if (_signal.CurrentCount == 0)
                    _signal.Release();
            }
            catch (SemaphoreFullException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            hub.Remove(this);
            _signal.Dispose();
        }
    }
}
