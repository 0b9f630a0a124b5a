using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingService.Client;

/// <summary>The API's wire format: camelCase names and enum values; nulls left out of requests so the server's defaults apply.</summary>
internal static class ClientJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>An event stream item's <c>data:</c> line as <typeparamref name="T"/>.</summary>
    public static T DeserializeEvent<T>(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize<T>(data, Options) ?? throw new JsonException($"A {typeof(T).Name} event without data.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
