using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;

namespace TrainingService.Api.Infrastructure;

public static class RequestExampleExtensions
{
    /// <summary>Shows <paramref name="json"/> as the JSON request body's example in the OpenAPI document and Swagger UI.</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, string json)
    {
        var example = JsonNode.Parse(json);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var mediaType))
                mediaType.Example = example?.DeepClone();
            return Task.CompletedTask;
        });
    }
}
