using System.Diagnostics;
using System.Globalization;
using TrainingService.Bench.Csv;
using TrainingService.Bench.Service;

// CSV parser benchmark: our CsvRecordReader against Sep and Sylvan.Data.Csv on the Fashion-MNIST CSV, parser alone
// (every field read and parsed as a number, nothing stored), from a file in page cache, parsers alternated in rounds.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CsvBenchOptions options;
try
{
    options = CsvBenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

ICsvParser[] parsers = [new OurParser(), new SepParser(fastFloat: true), new SepParser(fastFloat: false), new SylvanParser()];
await ErrorProbe.RunAsync(
    [new OurParser(), new SepParser(fastFloat: true, ErrorProbe.StrictUtf8), new SylvanParser(ErrorProbe.StrictUtf8)], Console.Out, default);

string? workDirectory = null;
string csvPath = options.CsvPath ?? Path.Combine(workDirectory = Directory.CreateTempSubdirectory("ts-csv-bench-").FullName, "fashion-mnist-train.csv");
try
{
    if (workDirectory is not null)
        FashionMnistCsv.Write(options.DataDirectory, csvPath);
    long bytes = new FileInfo(csvPath).Length;
    Console.WriteLine($"\n{csvPath}: {bytes / 1e6:F1} MB; {options.Rounds} rounds of {string.Join(", ", parsers.Select(p => p.Name))}");

    // Round 0 warms the page cache and the JIT and checks that every parser read the same values.
    var seconds = parsers.ToDictionary(p => p, _ => new List<double>());
    string? expected = null;
    for (int round = 0; round <= options.Rounds; round++)
    {
        foreach (var parser in parsers)
        {
            var (totals, elapsed) = await TimeAsync(parser, csvPath);
            expected ??= totals.ToString();
            if (totals.ToString() != expected)
                throw new InvalidOperationException($"{parser.Name} read {totals}, ours {expected}.");
            if (round > 0)
                seconds[parser].Add(elapsed);
            Console.WriteLine($"  round {round}, {parser.Name}: {elapsed:F3} s");
        }
    }

    Console.WriteLine($"\nEvery parser: {expected}");
    Report(parsers, seconds, bytes);
    return 0;
}
finally
{
    if (workDirectory is not null)
        Directory.Delete(workDirectory, recursive: true);
}

static async Task<(ParseTotals Totals, double Seconds)> TimeAsync(ICsvParser parser, string path)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    // A 1 MiB FileStream buffer serves the libraries' small reads from memory; ours reads 1 MiB at a time anyway.
    await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
    long start = Stopwatch.GetTimestamp();
    var totals = await parser.ParseAsync(file, CancellationToken.None);
    return (totals, Stopwatch.GetElapsedTime(start).TotalSeconds);
}

static void Report(ICsvParser[] parsers, Dictionary<ICsvParser, List<double>> seconds, long bytes)
{
    var ours = seconds[parsers[0]];
    Console.WriteLine("\n| parser | median s | min-max s | MB/s | speed vs ours (medians) | per-round speed vs ours, median |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
    foreach (var parser in parsers)
    {
        var times = seconds[parser];
        var stats = Stats.Of(times);
        double speedup = Stats.Of(ours).Median / stats.Median;
        double perRound = Stats.Of(times.Select((t, i) => ours[i] / t)).Median;
        Console.WriteLine($"| {parser.Name} | {stats.Median:F3} | {stats.Min:F3}-{stats.Max:F3} | {bytes / 1e6 / stats.Median:F0} | {speedup:F2} | {perRound:F2} |");
    }
}
