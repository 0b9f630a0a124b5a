namespace TrainingService.Api.Infrastructure;

public static class JsonBodyLimitExtensions
{
    public static IServiceCollection AddJsonBodyLimits(this IServiceCollection services)
    {
        services.AddOptions<JsonBodyOptions>().BindConfiguration(JsonBodyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>After routing (which <see cref="WebApplication"/> puts first), so the middleware sees the route's limit.</summary>
    public static IApplicationBuilder UseJsonBodyLimits(this IApplicationBuilder app) => app.UseMiddleware<JsonBodyLimitMiddleware>();

    /// <summary>Declares the route's body limit (see <see cref="JsonBodyLimitMiddleware"/>) and documents its 413.</summary>
    public static RouteHandlerBuilder WithJsonBodyLimit(this RouteHandlerBuilder builder, JsonBodyLimit limit) =>
        builder.WithMetadata(limit).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
}
