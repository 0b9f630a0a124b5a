using Microsoft.Playwright;

namespace TrainingService.Console.Tests.Infrastructure;

/// <summary>
/// Debian's chromium driven by Playwright: the system browser (<c>apt-get install chromium</c>), never one Playwright
/// downloads. <see cref="ChromiumPath"/> may be overridden with <c>TRAININGSERVICE_CHROMIUM</c>.
/// </summary>
public static class Browser
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("TRAININGSERVICE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium) or set TRAININGSERVICE_CHROMIUM.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        return (playwright, browser);
    }

    /// <summary>
    /// Where screenshots go: <c>TRAININGSERVICE_TEST_ARTIFACTS</c> (CI points it under its results directory), else
    /// TestResults/console-screenshots beside the test assembly.
    /// </summary>
    public static string ArtifactsDirectory()
    {
        string root = Environment.GetEnvironmentVariable("TRAININGSERVICE_TEST_ARTIFACTS") is { Length: > 0 } given
            ? given
            : Path.Combine(AppContext.BaseDirectory, "TestResults");
        var folder = Directory.CreateDirectory(Path.Combine(root, "console-screenshots"));
        // This run's pages only: a page renamed or dropped since the last run must not look current.
        foreach (var old in folder.EnumerateFiles("*.png"))
            old.Delete();
        return folder.FullName;
    }
}
