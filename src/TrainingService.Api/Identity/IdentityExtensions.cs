using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using TrainingService.Core.Identity;

namespace TrainingService.Api.Identity;

/// <summary>Identity in the pipeline: who is calling (API keys), what each route needs (policies), whose data (tenant scope).</summary>
public static class IdentityExtensions
{
    /// <summary>The default scheme: a bearer token in JWT form goes to the JWT scheme (when configured), anything else is an API key.</summary>
    private const string CallerScheme = "Caller";

    public static IServiceCollection AddApiIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ApiKeyService>().AddScoped<TenantService>();
        var authentication = services.AddAuthentication(CallerScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(CallerScheme, "API key or JWT", scheme => scheme.ForwardDefaultSelector = SelectScheme);
        var jwt = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>()?.Jwt ?? new JwtAuthOptions();
        if (jwt.Enabled)
        {
            authentication.AddJwtBearer(JwtTenantMapping.SchemeName, bearer =>
            {
                bearer.Authority = jwt.Authority;
                bearer.Audience = jwt.Audience;
                bearer.MapInboundClaims = false;
                bearer.Events = JwtTenantMapping.Events();
            });
        }
        services.AddRequestRateLimiting();
        services.AddAuthorizationBuilder()
            .AddPolicy(IdentityClaims.TenantPolicy, policy => policy.RequireClaim(IdentityClaims.TenantId))
            .AddPolicy(IdentityClaims.AdministratorPolicy, policy => policy.RequireRole(IdentityClaims.AdministratorRole))
            // Routes that say nothing need a caller all the same: open routes opt out with AllowAnonymous.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    private static string SelectScheme(HttpContext context)
    {
        string? token = ApiKeyAuthenticationHandler.ReadKey(context.Request);
        bool jwtForm = token is not null && token.Count(c => c == '.') == 2 && !context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName);
        return jwtForm && context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Jwt.Enabled
            ? JwtTenantMapping.SchemeName
            : ApiKeyAuthenticationHandler.SchemeName;
    }

    /// <summary>Authentication, authorization, then the tenant scope every query and insert of the request works under.</summary>
    public static WebApplication UseApiIdentity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.Use((context, next) =>
        {
            if (context.User.FindFirst(IdentityClaims.TenantId) is { } tenant)
                context.RequestServices.GetRequiredService<TenantScope>().Enter(Guid.Parse(tenant.Value));
            return next(context);
        });
        if (string.IsNullOrEmpty(app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.BootstrapAdminKey))
            app.Logger.LogWarning(
                "No administrator key is configured: tenants cannot be created and every data route answers 401. Set Auth__BootstrapAdminKey (at least 24 random characters), then create a tenant with POST /api/tenants.");
        return app;
    }

    /// <summary>The routes of a tenant's data: datasets, models, training jobs, predictions, the tenant's keys.</summary>
    public static RouteGroupBuilder MapTenantRoutes(this WebApplication app) =>
        app.MapGroup(string.Empty).RequireAuthorization(IdentityClaims.TenantPolicy);
}
