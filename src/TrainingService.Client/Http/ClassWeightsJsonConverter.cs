using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingService.Client;

/// <summary><c>"balanced"</c> or <c>{ "label": weight, … }</c>, as the service writes and reads class weights.</summary>
internal sealed class ClassWeightsJsonConverter : JsonConverter<ClassWeights>
{
    private const string BalancedName = "balanced";

    public override ClassWeights Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(BalancedName)
            ? ClassWeights.Balanced
            : ClassWeights.ByLabel(JsonSerializer.Deserialize<Dictionary<string, double>>(ref reader, options)
                ?? throw new JsonException("classWeights is neither \"balanced\" nor an object of label → weight."));

    public override void Write(Utf8JsonWriter writer, ClassWeights value, JsonSerializerOptions options)
    {
        if (value.Weights is null)
            writer.WriteStringValue(BalancedName);
        else
            JsonSerializer.Serialize(writer, value.Weights, options);
    }
}
