using System.Globalization;

namespace TrainingService.Core.Validation;

/// <summary>Collects every error of a request, keyed by field path ("layers[2].activation"), for one 400 response.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
            _errors[path] = messages = [];
        messages.Add(message);
    }

    /// <summary>The enum value named by <paramref name="text"/>, <paramref name="fallback"/> when absent, or an error listing the allowed values.</summary>
    public TEnum Enum<TEnum>(string path, string? text, TEnum fallback) where TEnum : struct, Enum
    {
        if (text is null)
            return fallback;
        if (WireEnum.TryParse(text, out TEnum value))
            return value;
        Add(path, $"'{text}' is not a valid {Leaf(path)}; use {WireEnum.Allowed<TEnum>()}.");
        return fallback;
    }

    /// <summary>Checks an optional number against a range; the message states the range.</summary>
    public void Range(string path, double? value, Func<double, bool> valid, string rule)
    {
        if (value is { } v && !valid(v))
            Add(path, $"{Leaf(path)} must be {rule}; got {v.ToString(CultureInfo.InvariantCulture)}.");
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    private static string Leaf(string path) => path[(path.LastIndexOf('.') + 1)..];
}
