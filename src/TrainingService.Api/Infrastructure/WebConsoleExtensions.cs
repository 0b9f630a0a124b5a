using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace TrainingService.Api.Infrastructure;

/// <summary>
/// The web console at <c>/</c>: static pages from <c>console/</c> beside the assembly (the build copies WebConsole/
/// and the chart library there, ADR-013), served before authentication because the pages hold no data: every call
/// they make goes to the API with the key the person typed in.
/// </summary>
public static class WebConsoleExtensions
{
    /// <summary>Scripts, styles and calls from this origin only: the console loads nothing from elsewhere, and an
    /// injected inline script or style would not apply (the pages and uPlot set styles through the DOM, which the
    /// policy allows; the browser test fails on the console error a violation logs).</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static WebApplication UseWebConsole(this WebApplication app)
    {
        string root = Path.Combine(AppContext.BaseDirectory, "console");
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            app.Logger.LogWarning("The web console is missing from {Root}: build the Api project (its build installs and copies it).", root);
            return app;
        }

        app.UseFileServer(new FileServerOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            StaticFileOptions =
            {
                OnPrepareResponse = context =>
                {
                    var headers = context.Context.Response.Headers;
                    headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                    headers[HeaderNames.XContentTypeOptions] = "nosniff";
                    // Revalidated on every load: a new build's pages and scripts are seen at once, never mixed.
                    headers[HeaderNames.CacheControl] = "no-cache";
                },
            },
        });
        return app;
    }
}
