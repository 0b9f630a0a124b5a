using Microsoft.Extensions.Options;
using TrainingService.Api.Identity;

namespace TrainingService.Api.Infrastructure;

/// <summary>The OpenAPI document at /openapi/v1.json and Swagger UI at /swagger, in every environment.</summary>
public static class ApiDocumentationExtensions
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddOptions<ApiDocumentationOptions>().BindConfiguration(ApiDocumentationOptions.SectionName);
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "TrainingService";
                document.Info.Description = "Upload datasets, define neural-network models, train them in background jobs and predict.";
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer<StringEnumSchemaTransformer>();
            options.AddSchemaTransformer<ClassWeightsSchemaTransformer>();
            options.AddDocumentTransformer<ApiKeySecuritySchemeTransformer>();
        });
        return services;
    }

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        if (app.Services.GetRequiredService<IOptions<ApiDocumentationOptions>>().Value.SwaggerUi)
        {
            app.UseSwaggerUI(options =>
            {
                options.SwaggerEndpoint("/openapi/v1.json", "TrainingService v1");
                options.DocumentTitle = "TrainingService API";
            });
        }

        return app;
    }
}
