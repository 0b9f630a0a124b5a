using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;

namespace TrainingService.Core.Hosting;

/// <summary>Liveness (the process answers) and readiness (PostgreSQL answers), shared by the Api and the Worker.</summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddTrainingServiceHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<TrainingServiceDbContext>("postgres", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapTrainingServiceHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return endpoints;
    }
}
