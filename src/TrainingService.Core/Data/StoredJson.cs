using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingService.Core.Data;

/// <summary>
/// The one JSON form of everything stored in jsonb columns (model definitions, job options, metrics, predictions):
/// the camelCase the API speaks, enums as camelCase strings, layers tagged by <c>type</c>. EF's jsonb value converter
/// and the raw-SQL paths both go through it, so a Worker reads exactly what the Api wrote.
/// </summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        // A metric can be NaN or infinite (a diverged loss, an undefined ratio); JSON has no literal for either.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // jsonb reorders object keys, so the layer "type" discriminator may come back after the other properties.
        AllowOutOfOrderMetadataProperties = true,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"A stored {typeof(T).Name} is JSON null.");
}
