using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TrainingService.Core.Training;

namespace TrainingService.Api.Infrastructure;

/// <summary>
/// <see cref="ClassWeights"/> as it is written (its JSON converter's shape): the string "balanced" or an object of class
/// label → weight, rather than the record's own properties.
/// </summary>
internal sealed class ClassWeightsSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(ClassWeights))
            return Task.CompletedTask;
        schema.Type = null;
        schema.Properties?.Clear();
        schema.Required?.Clear();
        schema.Description = "\"balanced\" (n_samples / (n_classes × count) over the training rows) or { \"<class label>\": weight ≥ 0 }; labels left out weigh 1.";
        schema.OneOf =
        [
            new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(ClassWeights.BalancedName)] },
            new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0" } },
        ];
        return Task.CompletedTask;
    }
}
