using System.Text.Json;

namespace TrainingService.Core.Tuning;

/// <summary>
/// One searched value: a <c>float</c> or <c>int</c> between <see cref="Min"/> and <see cref="Max"/> (on a linear or log
/// scale), or one of <see cref="Values"/> (any JSON: a number, a string, a list of layers). A float or int with
/// <see cref="Values"/> searches those points only; grid search needs them for floats. Stored as sent.
/// </summary>
public sealed record SearchDimension
{
    /// <summary><c>float</c>, <c>int</c> or <c>categorical</c>.</summary>
    public string? Type { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary><c>linear</c> (default) or <c>log</c> (min above 0): how random search spreads samples between min and max.</summary>
    public string? Scale { get; init; }

    public IReadOnlyList<JsonElement>? Values { get; init; }
}
