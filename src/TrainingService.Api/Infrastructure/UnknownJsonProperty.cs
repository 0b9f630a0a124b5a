using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TrainingService.Api.Infrastructure;

/// <summary>
/// Recognises the binding failure of a strict body (<c>JsonUnmappedMemberHandling.Disallow</c>) from its path alone:
/// the path is followed through the request type's JSON contract, and if its last step names no property of the
/// object it lands in, that property is unknown, and the object's properties are the names the client may send there.
/// Reading the contract rather than System.Text.Json's message keeps this independent of the message's wording.
/// </summary>
internal sealed record UnknownJsonProperty(string Name, IReadOnlyList<string> Allowed)
{
    /// <summary>The unknown property at <paramref name="path"/> (System.Text.Json's "$.layers[1].activaton"), or null when the path ends at a known one.</summary>
    public static UnknownJsonProperty? Find(JsonSerializerOptions options, Type requestType, string path)
    {
        if (Segments(path) is not [.. var parents, string name])
            return null;
        var contract = options.GetTypeInfo(requestType);
        foreach (object segment in parents)
        {
            Type? next = segment switch
            {
                string property when contract.Kind == JsonTypeInfoKind.Object => Property(contract, property, options)?.PropertyType,
                int when contract.Kind == JsonTypeInfoKind.Enumerable => contract.ElementType,
                _ => null,
            };
            if (next is null)
                return null;
            contract = options.GetTypeInfo(Nullable.GetUnderlyingType(next) ?? next);
        }

        return contract.Kind == JsonTypeInfoKind.Object && Property(contract, name, options) is null
            ? new UnknownJsonProperty(name, [.. contract.Properties.Select(p => p.Name)])
            : null;
    }

    private static JsonPropertyInfo? Property(JsonTypeInfo contract, string name, JsonSerializerOptions options)
    {
        var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return contract.Properties.FirstOrDefault(p => string.Equals(p.Name, name, comparison));
    }

    /// <summary>"$.a[1].b['odd name']" as "a", 1, "b", "odd name"; null for a path this reader does not expect.</summary>
    private static List<object>? Segments(string path)
    {
        if (!path.StartsWith('$'))
            return null;
        var segments = new List<object>();
        int i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                // System.Text.Json doubles nothing inside the quotes; a name containing "']" cannot be told apart.
                int end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                    return null;
                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                int end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), out int index))
                    return null;
                segments.Add(index);
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return segments;
    }
}
