using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Console.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TrainingService.Console.Tests;

/// <summary>
/// The web console in a real browser (Debian's chromium through Playwright) against the real Api with its in-process
/// Hangfire workers on PostgreSQL over a real port: what a person does, page by page, with a screenshot of each.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ConsoleBrowserTests(KestrelApiFactory factory, ITestOutputHelper output) : IClassFixture<KestrelApiFactory>
{
    /// <summary>Liveness bound for a step on a busy 2-core machine; not a performance expectation.</summary>
    private const float StepTimeoutMs = 90_000;

    [Fact]
    public async Task Console_SignInUploadDefineTrainWatchEvaluateCancelPredict_WorksWithoutConsoleErrors()
    {
        string screenshots = Browser.ArtifactsDirectory();
        output.WriteLine($"Screenshots: {screenshots}");
        System.Console.WriteLine($"Console screenshots: {screenshots}");
        var (playwright, browser) = await Browser.LaunchAsync();
        await using var _ = browser;
        using var __ = playwright;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(StepTimeoutMs);
        var errors = new List<string>();
        var failedResponses = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"{message.Text} ({message.Location})"); };
        page.PageError += (_, error) => errors.Add("uncaught: " + error);
        page.Response += (_, response) => { if (response.Status >= 400) failedResponses.Add($"{response.Status} {response.Request.Method} {new Uri(response.Url).AbsolutePath}"); };
        async Task Screenshot(string name)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, name + ".png"), FullPage = true });
            // A value the page failed to format shows as null, undefined or NaN (the model's JSON definition aside).
            string text = await page.EvaluateAsync<string>("""
                () => {
                  const texts = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                  while (walker.nextNode()) if (!walker.currentNode.parentElement.closest('pre, textarea')) texts.push(walker.currentNode.data);
                  return texts.join('\n');
                }
                """);
            Assert.False(UnformattedValue().IsMatch(text), $"{name}: the page shows '{UnformattedValue().Match(text).Value}'");
        }

        // Sign in: the key lives in session storage only, never in the URL or local storage.
        await page.GotoAsync(factory.BaseAddress + "");
        // By keyboard alone: the key field has the focus, Enter signs in. The administrator's key (the one compose
        // sets) leads to creating a tenant, whose new key the console signs in with and shows once.
        await page.Locator("#api-key:focus").WaitForAsync();
        await Screenshot("01-sign-in");
        await page.Keyboard.TypeAsync(ApiFactory.AdministratorKey);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#tenant-name:focus").WaitForAsync();
        await page.Keyboard.TypeAsync("console-test");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("h1", new() { HasText = "Datasets" }).WaitForAsync();
        string tenantKey = await page.InnerTextAsync("#new-key-value");
        Assert.Equal(tenantKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('trainingservice.apiKey')"));
        Assert.NotEqual(ApiFactory.AdministratorKey, tenantKey);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
        Assert.DoesNotContain(tenantKey, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiFactory.AdministratorKey, await page.EvaluateAsync<string>("() => JSON.stringify(sessionStorage)"), StringComparison.Ordinal);

        // Upload a CSV; the status line reports the stored dataset.
        string csvPath = Path.Combine(Directory.CreateTempSubdirectory("console-test-").FullName, "shades.csv");
        await File.WriteAllTextAsync(csvPath, ClassificationCsv(600));
        await page.SetInputFilesAsync("#dataset-file", csvPath);
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.Locator("#upload-status", new() { HasText = "Stored shades.csv: 600 rows, 4 columns." }).WaitForAsync();
        await page.Locator("#datasets-table a", new() { HasText = "shades.csv" }).WaitForAsync();
        await Screenshot("02-datasets");

        // The dataset's page: statistics per column and a server-computed histogram per numeric column.
        await page.ClickAsync("#datasets-table a >> text=shades.csv");
        await page.Locator("[data-column=x] .histogram-figure").WaitForAsync();
        await page.Locator("[data-column=y] .histogram-figure").WaitForAsync();
        Assert.Equal(24, await page.Locator("[data-column=x] .histogram rect").CountAsync());
        Assert.Equal(0, await page.Locator("[data-column=shade] .histogram-figure").CountAsync());
        await Screenshot("03-dataset");

        // Define a model: a bad field first, whose error shows next to it, then a good one.
        await page.ClickAsync("text=Define a model for it");
        await page.Locator("h1", new() { HasText = "New model" }).WaitForAsync();
        Assert.Equal("label", await page.InputValueAsync("#field-targetColumn"));
        await page.FillAsync("#field-name", "console-mlp");
        await page.FillAsync("#field-layers-0--units", "0");
        await page.ClickAsync("#create-model");
        await page.Locator("#error-layers-0--units", new() { HasText = "between 1 and 65536" }).WaitForAsync();
        Assert.Equal("true", await page.GetAttributeAsync("#field-layers-0--units", "aria-invalid"));
        await Screenshot("04-model-field-error");
        await page.FillAsync("#field-layers-0--units", "16");

        // The same form as pasted JSON: the API's errors, keyed by JSON path, listed under the text.
        await page.ClickAsync("#tab-json");
        Assert.Contains("\"targetColumn\": \"label\"", await page.InputValueAsync("#model-json"));
        await page.FillAsync("#model-json", """{ "name": "pasted", "task": "clustering", "targetColumn": "label" }""");
        await page.ClickAsync("#create-model");
        await page.Locator("#json-errors [data-error-for=task]", new() { HasText = "classification" }).WaitForAsync();
        await Screenshot("05-model-json-error");
        await page.ClickAsync("#tab-form");
        await page.ClickAsync("#create-model");
        await page.Locator("h1", new() { HasText = "console-mlp" }).WaitForAsync();
        Assert.Matches(ModelPage(), page.Url);
        await Screenshot("06-model");

        // Train: many epochs under a time limit, so the job runs long enough to watch and then succeeds.
        await page.ClickAsync("text=Train it");
        await page.Locator("#start-job").WaitForAsync();
        await page.FillAsync("#job-epochs", "100000");
        await page.FillAsync("#job-batchSize", "8");
        await page.FillAsync("#job-maxRuntimeSeconds", "8");
        await page.ClickAsync("#start-job");
        await page.Locator("#loss-chart").WaitForAsync();

        // The loss chart gains points while the job runs: its data length, sampled until the job ends.
        var whileRunning = new SortedSet<int>();
        string status = "";
        bool screenshotTaken = false;
        var deadline = DateTime.UtcNow.AddMilliseconds(StepTimeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            status = await page.GetAttributeAsync("#job", "data-job-status") ?? "";
            int points = int.Parse(await page.GetAttributeAsync("#loss-chart", "data-points") ?? "0", CultureInfo.InvariantCulture);
            if (status == "running" && points > 0)
            {
                whileRunning.Add(points);
                if (!screenshotTaken && whileRunning.Count >= 2)
                {
                    await Screenshot("07-job-running");
                    screenshotTaken = true;
                }
            }

            if (status is "succeeded" or "failed" or "cancelled")
                break;
            await page.WaitForTimeoutAsync(250);
        }

        output.WriteLine($"loss chart points seen while running: {string.Join(", ", whileRunning)}");
        Assert.Equal("succeeded", status);
        Assert.True(whileRunning.Count >= 2, $"the loss chart did not gain points while the job ran: {string.Join(", ", whileRunning)}");
        int finalPoints = int.Parse(await page.GetAttributeAsync("#loss-chart", "data-points") ?? "0", CultureInfo.InvariantCulture);
        Assert.True(finalPoints >= whileRunning.Max);
        Assert.False(await page.Locator("#cancel-job").IsVisibleAsync());
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-model"));
        Assert.Matches(@"^model-[0-9a-f-]{36}\.tsmodel$", download.SuggestedFilename);
        Assert.True(new FileInfo(await download.PathAsync()).Length > 100, "the downloaded model is empty");

        // The evaluation: open the confusion matrix; its cells count the validation rows.
        await page.ClickAsync("#evaluation summary");
        var heatmap = page.Locator("table.heatmap");
        await heatmap.WaitForAsync();
        Assert.Equal("2", await heatmap.GetAttributeAsync("data-classes"));
        var cells = await page.Locator("table.heatmap td.cell").AllInnerTextsAsync();
        Assert.Equal(4, cells.Count);
        Assert.Equal(120, cells.Sum(c => int.Parse(c, CultureInfo.InvariantCulture)));
        Assert.Equal(2, await page.Locator("table.per-class tbody tr").CountAsync());
        await Screenshot("08-job-evaluation");
        string firstJob = page.Url;

        // A second job, cancelled from its page.
        await page.GotoAsync(Regex.Replace(page.Url, "#.*$", "") + "#/models/" + ModelId(await ModelUrlAsync(page)));
        await page.ClickAsync("text=Train it");
        await page.FillAsync("#job-epochs", "100000");
        await page.FillAsync("#job-batchSize", "8");
        await page.ClickAsync("#start-job");
        await page.Locator("#cancel-job").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await page.ClickAsync("#cancel-job");
        await page.Locator("#job[data-job-status=cancelled]").WaitForAsync();
        await Screenshot("09-job-cancelled");

        // The jobs list shows both with their statuses.
        await page.ClickAsync("nav >> text=Training jobs");
        await page.Locator("#jobs-table").WaitForAsync();
        var statuses = await page.Locator("#jobs-table [data-status]").AllInnerTextsAsync();
        Assert.Equal(["cancelled", "succeeded"], statuses.Order());
        await Screenshot("10-jobs");

        // Predict the stored dataset with the trained model; the result and its metrics show.
        await page.ClickAsync("nav >> text=Predictions");
        await page.ClickAsync("#predict");
        await page.Locator("[data-prediction]").WaitForAsync();
        Assert.Equal(100, await page.Locator("table.predicted-rows tbody tr").CountAsync());
        await page.Locator("#stored-predictions tbody tr").WaitForAsync();
        await Screenshot("11-predictions");

        // Phone width: the job page reflows into one column without sideways scrolling.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(firstJob);
        await page.Locator("#evaluation").WaitForAsync();
        string overflowing = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5).map(e => `${e.tagName}#${e.id}.${e.className?.baseVal ?? e.className} ${Math.round(e.getBoundingClientRect().right)}px`).join('; ')
            """);
        Assert.True(overflowing.Length == 0, $"the job page is wider than 390 px: {overflowing}");
        await Screenshot("12-job-phone");

        // No console errors, except the failed loads the test caused on purpose: the administrator's key on a tenant
        // route (403), the model field errors (400) and, on a server without the events stream, the ticket route's
        // 404 that switches the console to polling.
        output.WriteLine("HTTP errors the page received: " + string.Join("; ", failedResponses));
        var unexpected = errors.Where(e => !(e.StartsWith("Failed to load resource", StringComparison.Ordinal)
            && (e.Contains("404", StringComparison.Ordinal) && e.Contains("/api/stream-tickets", StringComparison.Ordinal)
                || e.Contains("403", StringComparison.Ordinal) && e.Contains("/api/datasets?limit=1", StringComparison.Ordinal)
                || e.Contains("400", StringComparison.Ordinal) && e.Contains("/api/models", StringComparison.Ordinal)))).ToList();
        Assert.True(unexpected.Count == 0, "console errors: " + string.Join(Environment.NewLine, unexpected));
        Assert.All(failedResponses, r => Assert.True(r is "404 POST /api/stream-tickets" or "403 GET /api/datasets" or "400 POST /api/models",
            $"unexpected failed response {r}"));
    }

    private static async Task<string> ModelUrlAsync(IPage page) =>
        await page.GetAttributeAsync("#job a[href^='#/models/']", "href") ?? throw new InvalidOperationException("no model link on the job page");

    private static string ModelId(string href) => href["#/models/".Length..];

    [GeneratedRegex(@"\b(null|undefined|NaN)\b")]
    private static partial Regex UnformattedValue();

    [GeneratedRegex("#/models/[0-9a-f-]{36}$")]
    private static partial Regex ModelPage();

    /// <summary>Two classes separated by x + y and a categorical shade, as the Api tests' scenarios make them.</summary>
    private static string ClassificationCsv(int rows)
    {
        var random = new Random(7);
        var csv = new StringBuilder("x,y,shade,label\n");
        for (int i = 0; i < rows; i++)
        {
            double x = random.NextDouble() * 4 - 2, y = random.NextDouble() * 4 - 2;
            string shade = random.Next(2) == 0 ? "dark" : "light";
            string label = x + y + (shade == "dark" ? 0.5 : -0.5) > 0 ? "yes" : "no";
            csv.Append(CultureInfo.InvariantCulture, $"{x:F4},{y:F4},{shade},{label}\n");
        }

        return csv.ToString();
    }
}
