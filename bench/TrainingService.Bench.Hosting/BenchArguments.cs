using System.Globalization;

namespace TrainingService.Bench.Hosting;

/// <summary>The <c>--name value</c> command lines of the bench programs, parsed into an options record.</summary>
public static class BenchArguments
{
    /// <summary>
    /// Applies each <c>--name value</c> pair of <paramref name="args"/> to <paramref name="options"/> with
    /// <paramref name="apply"/>, which returns null for an unknown name. Throws <see cref="ArgumentException"/> with
    /// <paramref name="usage"/> for help, a missing value or an unknown name.
    /// </summary>
    public static T Parse<T>(string[] args, T options, string usage, Func<T, string, string, T?> apply) where T : class
    {
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help")
                throw new ArgumentException(usage);
            if (i + 1 >= args.Length)
                throw new ArgumentException($"{name} needs a value. {usage}");
            options = apply(options, name, args[++i]) ?? throw new ArgumentException($"Unknown option {name}. {usage}");
        }

        return options;
    }

    public static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, got '{value}'.");
}
