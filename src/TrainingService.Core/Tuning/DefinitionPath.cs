using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TrainingService.Core.Tuning;

/// <summary>
/// A search-space key such as <c>optimizer.learningRate</c>, <c>layers[0].units</c> or <c>layers</c>: property names
/// and list indexes into the JSON of a model definition or of the training fields, exactly as the API spells them.
/// Setting one replaces an existing value only, so a path that names nothing in the base is refused, not invented.
/// </summary>
internal static partial class DefinitionPath
{
    public const int MaxLength = 200;

    /// <summary>The training fields a search may vary; every other path is into the model definition.</summary>
    private static readonly string[] TrainingFields = ["epochs", "batchSize", "validationSplit", "shuffle", "earlyStopping", "learningRateSchedule", "maxRuntimeSeconds"];

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(\[\d{1,4}\])*(\.[A-Za-z][A-Za-z0-9]*(\[\d{1,4}\])*)*$")]
    private static partial Regex Syntax();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9]*|\[\d+\]")]
    private static partial Regex Segments();

    public static bool IsWellFormed(string path) => path.Length <= MaxLength && Syntax().IsMatch(path);

    /// <summary>True when the path is into the training fields rather than the model definition.</summary>
    public static bool IsTrainingField(string path) => TrainingFields.Contains(Segments().Match(path).Value);

    /// <summary>Replaces the value at <paramref name="path"/>; null when done, else why the path names nothing.</summary>
    public static string? TrySet(JsonNode root, string path, JsonNode? value)
    {
        JsonNode? node = root;
        string walked = string.Empty;
        var segments = Segments().Matches(path).Select(m => m.Value).ToArray();
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i];
            bool last = i == segments.Length - 1;
            if (segment[0] == '[')
            {
                int index = int.Parse(segment[1..^1], CultureInfo.InvariantCulture);
                if (node is not JsonArray array)
                    return $"'{walked}' is not a list.";
                if (index >= array.Count)
                    return $"'{walked}' has {array.Count} entries; there is no {walked}{segment}.";
                if (last)
                    array[index] = value;
                else
                    node = array[index];
                walked += segment;
            }
            else
            {
                if (node is not JsonObject obj)
                    return $"'{walked}' is not set in the base, or has no fields; it has no '{segment}'.";
                if (!obj.ContainsKey(segment))
                    return walked.Length == 0
                        ? $"'{segment}' is neither a field of the model definition nor a training field ({string.Join(", ", TrainingFields)})."
                        : $"'{walked}' has no field '{segment}'.";
                if (last)
                    obj[segment] = value;
                else
                    node = obj[segment];
                walked = walked.Length == 0 ? segment : $"{walked}.{segment}";
            }
        }

        return null;
    }
}
