using System.Text.Json;

namespace TrainingService.Core.Validation;

/// <summary>camelCase wire names of enums (as JsonConventions writes them) and parsing them back.</summary>
public static class WireEnum
{
    public static string NameOf<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static IReadOnlyList<string> Names(Type enumType) =>
        [.. Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName)];

    /// <summary>By name, ignoring case like the JSON property names do: "leakyRelu" and "LeakyRelu" parse, "3" does not.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (TEnum candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(NameOf(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>"one of: relu, leakyRelu, ..." for error messages.</summary>
    public static string Allowed<TEnum>() where TEnum : struct, Enum => "one of: " + string.Join(", ", Names(typeof(TEnum)));
}
