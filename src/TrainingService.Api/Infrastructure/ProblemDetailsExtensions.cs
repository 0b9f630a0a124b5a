namespace TrainingService.Api.Infrastructure;

public static class ProblemDetailsExtensions
{
    /// <summary>RFC 7807 bodies for every error, including unhandled exceptions and bare status codes.</summary>
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Binding failures (malformed JSON, a number that is not one) throw so ApiExceptionHandler can say what and
        // where; otherwise outside Development they become bare 400s with no detail.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}
