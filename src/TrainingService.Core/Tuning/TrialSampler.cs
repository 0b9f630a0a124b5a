using System.Globalization;
using System.Text.Json;

namespace TrainingService.Core.Tuning;

/// <summary>
/// The values of trial i. Grid: the i-th point of the grid in row-major order over the paths sorted ordinally (the
/// last path varies fastest). Random: each path's value from its own uniform draw, a SplitMix64 hash of (seed, i,
/// path's position), so trial i's values depend on nothing but those: the same seed samples the same trials in any
/// order, and a re-run after a crash samples what the lost run would have.
/// </summary>
internal static class TrialSampler
{
    public const string Grid = "grid";
    public const string Random = "random";

    public static IReadOnlyList<string> Paths(IReadOnlyDictionary<string, SearchDimension> space) =>
        space.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The points a grid takes along one path: its values, or every integer of an int range.</summary>
    public static IReadOnlyList<JsonElement> GridValues(SearchDimension dimension)
    {
        if (dimension.Values is { Count: > 0 } values)
            return values;
        long min = (long)dimension.Min!.Value, max = (long)dimension.Max!.Value;
        var points = new List<JsonElement>();
        for (long v = min; v <= max; v++)
            points.Add(JsonSerializer.SerializeToElement(v));
        return points;
    }

    /// <summary>How many points along one path a grid would take, without listing them (null: not griddable).</summary>
    public static long? GridCount(SearchDimension dimension) => dimension switch
    {
        { Values.Count: > 0 } => dimension.Values.Count,
        { Type: "int", Min: { } min, Max: { } max } => (long)max - (long)min + 1,
        _ => null,
    };

    public static Dictionary<string, JsonElement> Sample(string strategy, long seed, IReadOnlyDictionary<string, SearchDimension> space, int trial)
    {
        var paths = Paths(space);
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (strategy == Grid)
        {
            long rest = trial;
            for (int d = paths.Count - 1; d >= 0; d--)
            {
                var points = GridValues(space[paths[d]]);
                values[paths[d]] = points[(int)(rest % points.Count)];
                rest /= points.Count;
            }

            return paths.ToDictionary(p => p, p => values[p], StringComparer.Ordinal);
        }

        for (int d = 0; d < paths.Count; d++)
            values[paths[d]] = Draw(space[paths[d]], Uniform(seed, trial, d));
        return values;
    }

    private static JsonElement Draw(SearchDimension dimension, double u)
    {
        if (dimension.Values is { Count: > 0 } choices)
            return choices[Math.Min(choices.Count - 1, (int)(u * choices.Count))];
        double min = dimension.Min!.Value, max = dimension.Max!.Value;
        bool log = dimension.Scale == "log";
        if (dimension.Type == "int")
        {
            // Integers get equal shares of [min, max + 1) (of its logarithm on a log scale).
            double lo = log ? Math.Log(min) : min, hi = log ? Math.Log(max + 1) : max + 1;
            double x = lo + u * (hi - lo);
            long value = (long)Math.Floor(log ? Math.Exp(x) : x);
            return JsonSerializer.SerializeToElement(Math.Clamp(value, (long)min, (long)max));
        }

        double sample = log ? Math.Exp(Math.Log(min) + u * (Math.Log(max) - Math.Log(min))) : min + u * (max - min);
        // Rounded to 6 significant digits: a value a person can read and type back, far finer than any search needs.
        double rounded = double.Parse(sample.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return JsonSerializer.SerializeToElement(Math.Clamp(rounded, min, max));
    }

    /// <summary>A uniform draw in [0, 1) from (seed, trial, dimension): SplitMix64's finalizer over their combination.</summary>
    private static double Uniform(long seed, int trial, int dimension)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)trial * 0xD1B54A32D192ED03UL + (ulong)dimension * 0x8CB92BA72F3D8DD7UL + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
