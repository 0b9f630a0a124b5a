using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Identity;

namespace TrainingService.Api.Identity;

/// <summary>
/// Requests per minute per API key (a token's tenant counts as one key), with the framework's rate limiter: past the
/// quota a 429 problem naming it, with <c>Retry-After</c>. Unauthenticated requests are not counted: they get a 401
/// before they cost anything.
/// </summary>
internal static class RequestRateLimiting
{
    public static IServiceCollection AddRequestRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                string? caller = context.User.FindFirst(IdentityClaims.ApiKeyId)?.Value ?? context.User.FindFirst(IdentityClaims.TenantId)?.Value;
                if (caller is null)
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                int perMinute = context.RequestServices.GetRequiredService<IOptions<QuotaOptions>>().Value.RequestsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                });
            });
            limiter.OnRejected = RejectAsync;
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        int perMinute = context.RequestServices.GetRequiredService<IOptions<QuotaOptions>>().Value.RequestsPerMinute;
        int retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await context.WriteProblemAsync(StatusCodes.Status429TooManyRequests, $"Quota {nameof(QuotaOptions.RequestsPerMinute)} reached.",
            $"This key sent {perMinute} requests this minute, the most it may; retry after {retryAfter} s.",
            new Dictionary<string, object?> { ["quota"] = nameof(QuotaOptions.RequestsPerMinute), ["limit"] = perMinute, ["used"] = perMinute });
    }
}
