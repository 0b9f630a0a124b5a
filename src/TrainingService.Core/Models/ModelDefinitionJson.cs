using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingService.Core.Models;

/// <summary>
/// The stored JSON form of a <see cref="ModelDefinition"/> (the <c>models.definition</c> jsonb): camelCase names and
/// enum values, layers tagged by <c>type</c>. Owned here rather than by the Api so a Worker reads what the Api wrote.
/// </summary>
public static class ModelDefinitionJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        // jsonb reorders object keys, so the layer "type" discriminator may come back after the other properties.
        AllowOutOfOrderMetadataProperties = true,
    };

    public static string Serialize(ModelDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static ModelDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize<ModelDefinition>(json, Options)
        ?? throw new JsonException("A stored model definition is null.");
}
