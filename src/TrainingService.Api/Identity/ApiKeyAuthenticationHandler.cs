using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TrainingService.Api.Events;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Events;
using TrainingService.Core.Identity;

namespace TrainingService.Api.Identity;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>: the administrator's configured
/// key, or a tenant's stored key; on the event-stream routes only (<see cref="AcceptsStreamTicket"/>), also a
/// <c>?ticket=</c> from POST /api/stream-tickets, redeemed once. On the routes marked <see cref="AcceptsCachedApiKey"/> a
/// key read within the last minute is taken from <see cref="ApiKeyCache"/> and left for the handler to confirm. Challenges and refusals are problem details with <c>WWW-Authenticate</c>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyService keys, CallerKey callerKey, StreamTicketService tickets, IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>The <c>WWW-Authenticate</c> of every 401.</summary>
    public const string Challenge = "Bearer realm=\"TrainingService\"";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ReadKey(Request) is not { } key)
            return await AuthenticateTicketAsync();
        if (auth.Value.IsAdministratorKey(key))
            return Success([new Claim(ClaimTypes.Role, IdentityClaims.AdministratorRole), new Claim(ClaimTypes.Name, "administrator")]);
        bool mayUseCache = Context.GetEndpoint()?.Metadata.GetMetadata<AcceptsCachedApiKey>() is not null;
        if (await keys.AuthenticateAsync(key, mayUseCache, Context.RequestAborted) is var (stored, fromCache))
        {
            if (fromCache)
                callerKey.TakenFromCache(stored.Id);
            return Success([new Claim(IdentityClaims.TenantId, stored.TenantId.ToString()), new Claim(IdentityClaims.ApiKeyId, stored.Id.ToString()), new Claim(ClaimTypes.Name, stored.Name)]);
        }
        return AuthenticateResult.Fail("The API key is unknown or has been revoked.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = Challenge;
        await Context.WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required.", result.Failure?.Message
            ?? $"Send an API key as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'. The administrator creates tenants (POST /api/tenants), each with a first key.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Context.WriteProblemAsync(StatusCodes.Status403Forbidden, "Not allowed with this key.", Context.User.IsInRole(IdentityClaims.AdministratorRole)
            ? "The administrator's key manages tenants and owns no data: use a tenant's key for datasets, models, jobs and predictions."
            : "This route is for the administrator's key.");

    /// <summary>A stream ticket, on the routes that take one; no result anywhere else, so a ticket opens nothing but a stream.</summary>
    private async Task<AuthenticateResult> AuthenticateTicketAsync()
    {
        if (Context.GetEndpoint()?.Metadata.GetMetadata<AcceptsStreamTicket>() is null
            || Request.Query[AcceptsStreamTicket.QueryName].ToString() is not { Length: > 0 } ticket)
            return AuthenticateResult.NoResult();
        if (await tickets.RedeemAsync(ticket, Context.RequestAborted) is not { } tenantId)
            return AuthenticateResult.Fail("The stream ticket is unknown, already used or expired: get a new one with POST /api/stream-tickets.");
        return Success([new Claim(IdentityClaims.TenantId, tenantId.ToString()), new Claim(ClaimTypes.Name, "stream ticket")]);
    }

    /// <summary>The key a request carries: the bearer token, else the X-Api-Key header.</summary>
    public static string? ReadKey(HttpRequest request)
    {
        string authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim() is { Length: > 0 } bearer ? bearer : null;
        return request.Headers[HeaderName].ToString() is { Length: > 0 } header ? header.Trim() : null;
    }

    private AuthenticateResult Success(Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
