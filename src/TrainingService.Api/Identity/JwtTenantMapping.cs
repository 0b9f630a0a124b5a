using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Data;

namespace TrainingService.Api.Identity;

/// <summary>
/// Turns a validated token into the same identity an API key gives: the configured claim names a tenant (by id or
/// name) that must exist; the token then carries our tenant claim. Failures answer like a bad key.
/// </summary>
internal static class JwtTenantMapping
{
    public const string SchemeName = "Jwt";

    public static JwtBearerEvents Events() => new()
    {
        OnTokenValidated = MapTenantAsync,
        OnForbidden = context => context.HttpContext.WriteProblemAsync(StatusCodes.Status403Forbidden, "Not allowed with this token.",
            "This route is for the administrator's key; a token names a tenant."),
        OnChallenge = async context =>
        {
            context.HandleResponse();
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"TrainingService\", error=\"invalid_token\"";
            await context.HttpContext.WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required.",
                context.AuthenticateFailure?.Message ?? context.ErrorDescription ?? "The bearer token is missing or not valid.");
        },
    };

    private static async Task MapTenantAsync(TokenValidatedContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Jwt;
        string? named = context.Principal?.FindFirst(options.TenantClaim)?.Value;
        if (string.IsNullOrWhiteSpace(named))
        {
            context.Fail($"The token has no '{options.TenantClaim}' claim naming a tenant.");
            return;
        }

        var db = context.HttpContext.RequestServices.GetRequiredService<TrainingServiceDbContext>();
        Guid? tenantId = Guid.TryParse(named, out var id)
            ? await db.Tenants.Where(t => t.Id == id).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(context.HttpContext.RequestAborted)
            : await db.Tenants.Where(t => t.Name == named).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (tenantId is null)
        {
            context.Fail($"The token's '{options.TenantClaim}' claim names no tenant ('{named}').");
            return;
        }

        context.Principal!.AddIdentity(new ClaimsIdentity([new Claim(IdentityClaims.TenantId, tenantId.Value.ToString())], SchemeName));
    }
}
