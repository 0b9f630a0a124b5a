using System.Globalization;

namespace TrainingService.Bench.Service;

/// <summary>
/// CPU seconds (user + system) from /proc: of one process, of every PostgreSQL process, and of the whole machine. On
/// a shared machine a wall time measures the load as much as the code; the CPU a side spends does much less so.
/// </summary>
internal static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on every Linux the bench runs on

    /// <summary>Seconds process <paramref name="pid"/> has run; 0 once it is gone.</summary>
    public static double Of(int pid)
    {
        try
        {
            // Fields after the parenthesised name: state is 0, so utime and stime are 11 and 12.
            string[] fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Seconds run by every process named <c>postgres</c> on this machine: the backends of both sides (and of anyone
    /// else's sessions on the same server, which adds noise but no bias between the sides).
    /// </summary>
    public static double Postgres() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(IsPostgres)
            .Sum(Of);

    /// <summary>Seconds every core of the machine was busy (all but idle and iowait), by anyone.</summary>
    public static double Machine()
    {
        long[] ticks = [.. File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse)];
        return (ticks.Sum() - ticks[3] - ticks[4]) / TicksPerSecond;
    }

    private static bool IsPostgres(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").StartsWith("postgres", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
