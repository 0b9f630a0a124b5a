namespace TrainingService.Engine.Kernels;

/// <summary>
/// A reusable barrier for the few threads of one pool job, cheaper to pass than <see cref="Barrier"/>
/// when the threads arrive within microseconds of each other. A waiting thread spins briefly, then
/// yields its core (never sleeps), since the machine is shared and the thread it waits for may need it.
/// </summary>
internal sealed class SpinBarrier
{
    private int _parties;
    private int _remaining;
    private int _generation;

    /// <summary>Sets the number of threads for the next uses. Only while no thread is waiting.</summary>
    public void Reset(int parties)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        _parties = parties;
        _remaining = parties;
    }

    /// <summary>Returns once all the parties have called it for this generation.</summary>
    public void SignalAndWait()
    {
        int generation = Volatile.Read(ref _generation);
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _remaining = _parties;
            Volatile.Write(ref _generation, generation + 1);
            return;
        }

        var spinner = new SpinWait();
        while (Volatile.Read(ref _generation) == generation) spinner.SpinOnce(sleep1Threshold: -1);
    }
}
