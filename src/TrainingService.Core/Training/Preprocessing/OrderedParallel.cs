namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// Runs the parts of a preprocessing pass on a few threads and reports a data problem as a single-threaded pass
/// would: the <see cref="TrainingDataException"/> of the lowest-numbered part that failed, whatever finished first.
/// </summary>
internal static class OrderedParallel
{
    /// <summary>Below this many cells a second thread costs more to start than it saves.</summary>
    public const int MinValuesPerThread = 1 << 20;

    /// <summary>Threads worth using for <paramref name="values"/> cells: at most <paramref name="maxThreads"/> and <paramref name="parts"/>.</summary>
    public static int Threads(long values, int parts, int maxThreads) =>
        (int)Math.Clamp(values / MinValuesPerThread, 1, Math.Max(1, Math.Min(maxThreads, parts)));

    /// <summary>Runs <paramref name="body"/> for parts <c>0..parts-1</c> on up to <paramref name="threads"/> threads.</summary>
    public static void For(int parts, int threads, Action<int> body)
    {
        var failures = new TrainingDataException?[parts];
        void RunPart(int part)
        {
            try
            {
                body(part);
            }
            catch (TrainingDataException e)
            {
                failures[part] = e;
            }
        }

        if (threads <= 1)
            for (int part = 0; part < parts; part++) RunPart(part);
        else
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, RunPart);
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
            throw failure;
    }
}
