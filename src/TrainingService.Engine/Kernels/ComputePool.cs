using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// A few persistent worker threads for splitting one kernel call across cores, started once and
/// kept spinning briefly between calls, so a call costs a cache-line handoff rather than a thread start,
/// a wake-up or an allocation. Threads claim a job's parts one at a time and a call returns as soon as
/// every part is done, whether or not each worker has shown up: when the OS delays a worker (the machine
/// is shared) the caller runs its parts instead of waiting for it. One call uses the pool at a time; a
/// caller that finds it busy runs its job alone. Jobs must therefore give the same result whatever
/// thread runs which part.
/// </summary>
internal sealed class ComputePool
{
    // Workers (and a caller waiting for a part) spin this long (0.1 ms) before parking: a training step issues its
    // parallel kernels 5-30 microseconds apart, with serial work between them. Spinning longer (0.5 ms) made 2-thread
    // epochs slower on a loaded machine: the spinning worker used CPU time the process's main thread needed.
    private static readonly long SpinTicks = Stopwatch.Frequency / 10_000;

    // Pure spinning (no yield) for this long (10 µs) first: most waits in a training step end within it.
    private static readonly long YieldAfterTicks = Stopwatch.Frequency / 100_000;

    private readonly Lock _gate = new();
    private readonly int _workerCount;
    private Worker[]? _workers;
    private readonly ManualResetEventSlim _done = CreateSignal();
    private int _callerParked;
    private IComputeJob? _job;
    private Exception? _failure;
    private int _partCount;
    private int _partsDone;
    // The call's number (high 32 bits) and its next unclaimed part (low 32 bits), claimed together, so a worker
    // that wakes after its call has ended can never claim a part of the next call as if it belonged to the old one.
    private long _claim;
    private int _call;

    private readonly bool _startThreads;

    /// <summary>
    /// A pool of <paramref name="workerCount"/> workers. <paramref name="startThreads"/> false is for tests: the
    /// workers never start, like workers the OS never schedules, so every call runs on its caller alone.
    /// </summary>
    internal ComputePool(int workerCount, bool startThreads = true) => (_workerCount, _startThreads) = (workerCount, startThreads);

    /// <summary>One worker per core beyond the caller's.</summary>
    public static ComputePool Shared { get; } = new(Math.Max(0, Environment.ProcessorCount - 1));

    /// <summary>Most threads one call can use: the workers plus the calling thread.</summary>
    public int MaxParallelism => _workerCount + 1;

    /// <summary>
    /// Runs parts <c>0..parts-1</c> of <paramref name="job"/> on up to <paramref name="threads"/> threads, the
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
            Worker[] workers = _workers ??= StartWorkers();
            int call = ++_call;
            _job = job;
            _failure = null;
            _partCount = parts;
            _partsDone = 0;
            Interlocked.Exchange(ref _claim, (long)call << 32);
            for (int w = 0; w < threads - 1; w++) workers[w].Hand(call);

            RunParts(call);
            WaitForParts();
            _job = null;
            if (_failure is { } failure) ExceptionDispatchInfo.Throw(failure);
            return true;
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Claims and runs parts of call <paramref name="call"/> until none is left (or that call has ended).</summary>
    private void RunParts(int call)
    {
        IComputeJob? job = Volatile.Read(ref _job);
        int count = Volatile.Read(ref _partCount);
        while (true)
        {
            long claim = Volatile.Read(ref _claim);
            int part = (int)claim;
            if ((int)(claim >> 32) != call || part >= count) return;
            if (Interlocked.CompareExchange(ref _claim, claim + 1, claim) != claim) continue;
            // A successful claim means the call is still running (this part is not done), so job and count were its own.
            try
            {
                job!.Execute(part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }

            if (Interlocked.Increment(ref _partsDone) == count && Volatile.Read(ref _callerParked) != 0) _done.Set();
        }
    }

    private void WaitForParts()
    {
        long start = Stopwatch.GetTimestamp();
        for (int spins = 1; Volatile.Read(ref _partsDone) != _partCount; spins++)
        {
            if (spins % 64 == 0 && Pause(start))
            {
                // Dekker handshake with the thread finishing the last part: one of us sees the other's write. A late
                // Set from an earlier call can wake this wait early, hence the loop around it.
                _done.Reset();
                Interlocked.Exchange(ref _callerParked, 1);
                if (Volatile.Read(ref _partsDone) != _partCount) _done.Wait();
                Volatile.Write(ref _callerParked, 0);
                start = Stopwatch.GetTimestamp();
                continue;
            }
            Thread.SpinWait(1);
        }
    }

    /// <summary>
    /// Called every 64 spins: true once <see cref="SpinTicks"/> have passed (time to park). After the first
    /// <see cref="YieldAfterTicks"/> it also yields the core, so that on an oversubscribed machine the thread being
    /// waited for (or another process) can run instead of this one burning its time slice.
    /// </summary>
    private static bool Pause(long start)
    {
        long elapsed = Stopwatch.GetTimestamp() - start;
        if (elapsed > SpinTicks) return true;
        if (elapsed > YieldAfterTicks) Thread.Yield();
        return false;
    }

    private Worker[] StartWorkers()
    {
        var workers = new Worker[_workerCount];
        for (int w = 0; w < _workerCount; w++)
        {
            Worker worker = workers[w] = new Worker();
            if (!_startThreads) continue;
            var thread = new Thread(() => WorkerLoop(worker))
            {
                IsBackground = true,
                Name = $"TrainingService compute {w + 1}",
            };
            thread.Start();
        }

        return workers;
    }

    private static ManualResetEventSlim CreateSignal()
    {
        // The pool spins itself before waiting on an event, so the event need not.
        var signal = new ManualResetEventSlim(false, spinCount: 1);
        // The event allocates its monitor on the first wait that blocks, which would otherwise happen
        // at a random later call; a timed-out wait now keeps every later call allocation-free.
        signal.Wait(1);
        return signal;
    }

    private void WorkerLoop(Worker worker)
    {
        int seen = 0;
        while (true)
        {
            seen = worker.WaitForCall(seen);
            RunParts(seen);
        }
    }

    /// <summary>
    /// One worker's doorbell: the caller writes the call's number; the worker spins on it for <see cref="SpinTicks"/>,
    /// then parks on its event, which the caller sets only when it sees the worker parked.
    /// </summary>
    private sealed class Worker
    {
        private readonly ManualResetEventSlim _signal = CreateSignal();
        private int _call;
        private int _parked;

        public void Hand(int call)
        {
            // Full fences on both sides (here and in WaitForCall) so that either the worker sees the call or the
            // caller sees the worker parked; a stray Set only makes the worker's next park re-check.
            Interlocked.Exchange(ref _call, call);
            if (Volatile.Read(ref _parked) != 0) _signal.Set();
        }

        public int WaitForCall(int seen)
        {
            while (true)
            {
                long start = Stopwatch.GetTimestamp();
                for (int spins = 1; spins % 64 != 0 || !Pause(start); spins++)
                {
                    int call = Volatile.Read(ref _call);
                    if (call != seen) return call;
                    Thread.SpinWait(1);
                }

                _signal.Reset();
                Interlocked.Exchange(ref _parked, 1);
                if (Volatile.Read(ref _call) == seen) _signal.Wait();
                Volatile.Write(ref _parked, 0);
            }
        }
    }
}
