using System.Text.Json;

namespace TrainingService.Client;

/// <summary>
/// One searched value of a tuning job's search space: a <c>float</c> or <c>int</c> between <see cref="Min"/> and
/// <see cref="Max"/> (<see cref="Scale"/> <c>linear</c> or <c>log</c>), or one of <see cref="Values"/> (any JSON: a
/// number, a string, a layer stack). A float or int with values searches those points only; grid search needs them
/// for floats. The factories build each kind.
/// </summary>
public sealed record SearchDimension(string? Type = null, double? Min = null, double? Max = null, string? Scale = null, IReadOnlyList<JsonElement>? Values = null)
{
    public static SearchDimension FloatRange(double min, double max, bool log = false) => new("float", min, max, log ? "log" : null);

    public static SearchDimension IntRange(int min, int max, bool log = false) => new("int", min, max, log ? "log" : null);

    /// <summary>Floats at these points only (what grid search needs for a float).</summary>
    public static SearchDimension FloatValues(params double[] values) => new("float", Values: Elements(values.Cast<object>()));

    public static SearchDimension IntValues(params int[] values) => new("int", Values: Elements(values.Cast<object>()));

    /// <summary>One of these values, each sent as the client sends it in a request (a string, a number, an enum as its JSON name).</summary>
    public static SearchDimension Categorical(params object[] values) => new("categorical", Values: Elements(values));

    /// <summary>Alternative hidden-layer stacks, for the path <c>layers</c>.</summary>
    public static SearchDimension LayerStacks(params IReadOnlyList<Layer>[] stacks) =>
        new("categorical", Values: [.. stacks.Select(s => JsonSerializer.SerializeToElement(s, ClientJson.Options))]);

    private static JsonElement[] Elements(IEnumerable<object> values) =>
        [.. values.Select(v => JsonSerializer.SerializeToElement(v, v.GetType(), ClientJson.Options))];
}
