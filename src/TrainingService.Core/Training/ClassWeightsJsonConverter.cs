using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingService.Core.Training;

/// <summary><c>"balanced"</c> or <c>{ "label": weight, ... }</c>, both ways (the request and the stored job options).</summary>
public sealed class ClassWeightsJsonConverter : JsonConverter<ClassWeights>
{
    private const string Expected = "classWeights must be \"balanced\" or an object of class label → weight.";

    public override ClassWeights Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString() == ClassWeights.BalancedName ? ClassWeights.Balanced : throw new JsonException(Expected);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException(Expected);

        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string label = reader.GetString()!;
            if (weights.Count >= ClassWeights.MaxLabels)
                throw new JsonException($"classWeights names more than {ClassWeights.MaxLabels} labels.");
            reader.Read();
            // Named literals ("NaN", "Infinity") only where the options allow them, as in stored job options.
            weights[label] = reader.TokenType == JsonTokenType.Number || (reader.TokenType == JsonTokenType.String
                && options.NumberHandling.HasFlag(JsonNumberHandling.AllowNamedFloatingPointLiterals))
                ? JsonSerializer.Deserialize<double>(ref reader, options)
                : throw new JsonException($"classWeights.{label} must be a number.");
        }

        return new ClassWeights { ByLabel = weights };
    }

    public override void Write(Utf8JsonWriter writer, ClassWeights value, JsonSerializerOptions options)
    {
        if (value.IsBalanced)
        {
            writer.WriteStringValue(ClassWeights.BalancedName);
            return;
        }

        writer.WriteStartObject();
        foreach (var (label, weight) in value.ByLabel!)
        {
            writer.WritePropertyName(label);
            JsonSerializer.Serialize(writer, weight, options);
        }
        writer.WriteEndObject();
    }
}
