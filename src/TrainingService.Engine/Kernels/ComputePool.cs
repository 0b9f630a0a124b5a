using System.Runtime.ExceptionServices;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// A few persistent worker threads for splitting one kernel call across cores, started once and
/// parked between calls, so a call costs a wake-up rather than a thread start or an allocation.
/// Threads claim a job's parts one at a time, so when the OS delays one thread (the machine is shared)
/// the others take over its parts instead of waiting for it. One call uses the pool at a time; a
/// caller that finds it busy runs its job alone. Jobs must therefore give the same result whatever
/// thread runs which part.
/// </summary>
internal sealed class ComputePool
{
    // Workers spin this long for the next job before parking: training issues GEMMs back to back.
    private const int SpinIterations = 2000;

    private readonly Lock _gate = new();
    private readonly int _workerCount;
    private ManualResetEventSlim[]? _start;
    private readonly ManualResetEventSlim _done = CreateSignal();
    private IComputeJob? _job;
    private Exception? _failure;
    private int _pending;
    private int _partCount;
    private int _nextPart;

    private ComputePool(int workerCount) => _workerCount = workerCount;

    /// <summary>One worker per core beyond the caller's.</summary>
    public static ComputePool Shared { get; } = new(Math.Max(0, Environment.ProcessorCount - 1));

    /// <summary>Most threads one call can use: the workers plus the calling thread.</summary>
    public int MaxParallelism => _workerCount + 1;

    /// <summary>
    /// Runs parts <c>0..parts-1</c> of <paramref name="job"/> on <paramref name="threads"/> threads, the
    /// calling thread included, and returns when all are done. Returns false without running anything
    /// when the pool is busy with another call (or this thread is already inside one), so the caller
    /// runs the job on its own.
    /// </summary>
    public bool TryRun(IComputeJob job, int parts, int threads)
    {
        if (threads < 2 || threads > MaxParallelism) throw new ArgumentOutOfRangeException(nameof(threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, threads);
        if (_gate.IsHeldByCurrentThread || !_gate.TryEnter()) return false;
        try
        {
            ManualResetEventSlim[] start = _start ??= StartWorkers();
            _job = job;
            _failure = null;
            _pending = threads - 1;
            _partCount = parts;
            _nextPart = 0;
            _done.Reset();
            for (int w = 0; w < threads - 1; w++) start[w].Set();

            Exception? own = null;
            try
            {
                RunParts(job);
            }
            catch (Exception e)
            {
                own = e;
            }

            _done.Wait();
            _job = null;
            if ((own ?? _failure) is { } failure) ExceptionDispatchInfo.Throw(failure);
            return true;
        }
        finally
        {
            _gate.Exit();
        }
    }

    private ManualResetEventSlim[] StartWorkers()
    {
        var start = new ManualResetEventSlim[_workerCount];
        for (int w = 0; w < _workerCount; w++)
        {
            start[w] = CreateSignal();
            ManualResetEventSlim signal = start[w];
            var thread = new Thread(() => WorkerLoop(signal))
            {
                IsBackground = true,
                Name = $"TrainingService compute {w + 1}",
            };
            thread.Start();
        }

        return start;
    }

    private static ManualResetEventSlim CreateSignal()
    {
        var signal = new ManualResetEventSlim(false, SpinIterations);
        // The event allocates its monitor on the first wait that blocks, which would otherwise happen
        // at a random later call; a timed-out wait now keeps every later call allocation-free.
        signal.Wait(1);
        return signal;
    }

    private void RunParts(IComputeJob job)
    {
        int part;
        while ((part = Interlocked.Increment(ref _nextPart) - 1) < _partCount) job.Execute(part);
    }

    private void WorkerLoop(ManualResetEventSlim start)
    {
        while (true)
        {
            start.Wait();
            start.Reset();
            try
            {
                RunParts(_job!);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }

            if (Interlocked.Decrement(ref _pending) == 0) _done.Set();
        }
    }
}
