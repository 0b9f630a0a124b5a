using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using TrainingService.Api.Identity;

namespace TrainingService.Api.Infrastructure;

/// <summary>
/// The Hangfire dashboard at /hangfire, for the administrator only: it shows every tenant's jobs and can requeue and
/// delete them. A client sends the administrator's key as a header; a browser signs in once at /hangfire-login and
/// carries a short-lived cookie made from it (never the key in a URL).
/// </summary>
public static class HangfireDashboardExtensions
{
    private const string CookieName = "ts_dashboard";
    private const string LoginPath = "/hangfire-login";
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(8);

    public static WebApplication MapHangfireDashboardPage(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { AsyncAuthorization = [new AdministratorFilter()], DashboardTitle = "TrainingService jobs" })
            .AllowAnonymous();
        app.MapGet(LoginPath, () => TypedResults.Content(LoginForm, "text/html")).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(LoginPath, SignInAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IDataProtectionProvider protection, IOptions<AuthOptions> auth)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!auth.Value.IsAdministratorKey(form["key"].ToString()))
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not the administrator's key.",
                detail: "The dashboard is for the administrator's key (Auth__BootstrapAdminKey).");
        string token = Protector(protection).Protect(DateTimeOffset.UtcNow.Add(CookieLifetime).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/hangfire", MaxAge = CookieLifetime,
        });
        return TypedResults.Redirect("/hangfire");
    }

    private static async Task<bool> IsAdministratorAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        return result.Succeeded && result.Principal.IsInRole(IdentityClaims.AdministratorRole);
    }

    private static IDataProtector Protector(IDataProtectionProvider protection) => protection.CreateProtector("TrainingService.HangfireDashboard");

    // REVIEW: the cookie is protected with this process's data-protection keys; behind several Api replicas without
    // shared keys a browser must sign in on each. Clients that send the key as a header are unaffected.
    private sealed class AdministratorFilter : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            if (await IsAdministratorAsync(http))
                return true;
            if (http.Request.Cookies[CookieName] is not { } token)
                return false;
            try
            {
                long expires = long.Parse(Protector(http.RequestServices.GetRequiredService<IDataProtectionProvider>()).Unprotect(token), System.Globalization.CultureInfo.InvariantCulture);
                return DateTimeOffset.UtcNow.ToUnixTimeSeconds() < expires;
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                return false;
            }
        }
    }

    private const string LoginForm = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>TrainingService jobs: sign in</title></head>
        <body><form method="post" action="/hangfire-login">
        <label>Administrator key <input type="password" name="key" autocomplete="current-password" required autofocus></label>
        <button type="submit">Open the dashboard</button></form></body></html>
        """;
}
