using System.Text;

namespace TrainingService.Bench.Csv;

/// <summary>
/// Feeds each parser the malformed files the importer's tests name a line and column for, and prints what the
/// parser reports: the position it can give, its own exception, or nothing at all.
/// </summary>
internal static class ErrorProbe
{
    private static readonly (string Case, string Expected, byte[] Text)[] Cases =
    [
        ("ragged row after a blank line", "line 5, column 3", "a,b\n1,2\n\n3,4\n5,6,7\n"u8.ToArray()),
        ("ragged row after a quoted line break", "line 4, column 3", "a,b\n\"1\n\",2\n3,4,5\n"u8.ToArray()),
        ("text after a closing quote", "line 2, column 2", "a,b\n1,\"2\"3\n"u8.ToArray()),
        ("unterminated quoted field", "line 3, column 2", "a,b\n1,2\n3,\"4\n5,6\n"u8.ToArray()),
        ("invalid UTF-8", "line 3, column 2", [.. "a,b\n1,2\n3,"u8, 0xC3, 0x28, .. "\n"u8]),
    ];

    public static async Task RunAsync(IEnumerable<ICsvParser> parsers, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine("Malformed files (ours reports the expected position):");
        foreach (var (name, expected, text) in Cases)
        {
            output.WriteLine($"  {name}, expected {expected}:");
            foreach (var parser in parsers)
                output.WriteLine($"    {parser.Name,-32} {await OutcomeAsync(parser, text, cancellationToken)}");
        }
    }

    private static async Task<string> OutcomeAsync(ICsvParser parser, byte[] text, CancellationToken cancellationToken)
    {
        try
        {
            var totals = await parser.ParseAsync(new MemoryStream(text), cancellationToken);
            return $"no error ({totals})";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"{e.GetType().Name}: {OneLine(e.Message)}";
        }
    }

    private static string OneLine(string message)
    {
        string line = message.ReplaceLineEndings(" ");
        return line.Length <= 160 ? line : line[..160] + "…";
    }

    /// <summary>UTF-8 that throws on an invalid byte instead of replacing it, for the libraries' text readers.</summary>
    public static Encoding StrictUtf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
