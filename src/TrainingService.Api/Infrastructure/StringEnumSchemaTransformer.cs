using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TrainingService.Core.Validation;

namespace TrainingService.Api.Infrastructure;

/// <summary>Lists the allowed camelCase values of string properties marked with <see cref="StringEnumAttribute"/>.</summary>
internal sealed class StringEnumSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider is ICustomAttributeProvider provider
            && provider.GetCustomAttributes(typeof(StringEnumAttribute), inherit: true).FirstOrDefault() is StringEnumAttribute wire)
        {
            schema.Enum = [.. Enum.GetNames(wire.EnumType).Select(name => (JsonNode)JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(name)))];
        }

        return Task.CompletedTask;
    }
}
