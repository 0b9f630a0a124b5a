namespace TrainingService.Api.Infrastructure;

/// <summary>"ApiDocumentation" section: Swagger UI is on by default, because it is how users explore the API.</summary>
public sealed class ApiDocumentationOptions
{
    public const string SectionName = "ApiDocumentation";

    public bool SwaggerUi { get; set; } = true;
}
