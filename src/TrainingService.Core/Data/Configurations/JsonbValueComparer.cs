using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace TrainingService.Core.Data.Configurations;

/// <summary>
/// Change tracking for immutable values stored as jsonb (records, read-only lists and dictionaries): the snapshot is
/// the value itself, and two values are equal when they are the same instance or their JSON is deeply equal, object
/// keys in any order as in jsonb (a dictionary read back from jsonb has its keys in jsonb's order, not the writer's).
/// So assigning a new value marks the property modified only if it stores different JSON, and nothing is copied or
/// serialized while the property is left alone (a prediction's result array can hold 100,000 rows).
/// </summary>
internal sealed class JsonbValueComparer<T>() : ValueComparer<T>(
    (left, right) => ReferenceEquals(left, right) || JsonEquals(left, right),
    value => JsonHashCode(value),
    value => value)
    where T : class?
{
    internal static bool JsonEquals(T? left, T? right) =>
        left is not null && right is not null && JsonElement.DeepEquals(ToElement(left), ToElement(right));

    /// <summary>Kind and size only: anything finer would have to ignore key order like <see cref="JsonEquals"/>.</summary>
    internal static int JsonHashCode(T value)
    {
        if (value is null)
            return 0;
        var element = ToElement(value);
        return element.ValueKind switch
        {
            JsonValueKind.Array => HashCode.Combine(element.ValueKind, element.GetArrayLength()),
            JsonValueKind.Object => HashCode.Combine(element.ValueKind, element.GetPropertyCount()),
            _ => element.ValueKind.GetHashCode(),
        };
    }

    private static JsonElement ToElement(T value) => JsonSerializer.SerializeToElement(value, StoredJson.Options);
}
