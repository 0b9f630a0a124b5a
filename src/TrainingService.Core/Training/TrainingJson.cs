using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingService.Core.Training;

/// <summary>The JSON shape of what training stores in jsonb columns: the same camelCase the API speaks.</summary>
public static class TrainingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string? SerializeMetrics(IReadOnlyDictionary<string, double>? metrics) =>
        metrics is null ? null : JsonSerializer.Serialize(metrics, Options);

    public static IReadOnlyDictionary<string, double>? DeserializeMetrics(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, double>>(json, Options);
}
