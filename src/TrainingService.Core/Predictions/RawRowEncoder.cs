using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using TrainingService.Core.Models;
using TrainingService.Core.Training.Preprocessing;

namespace TrainingService.Core.Predictions;

/// <summary>
/// Encodes rows sent as JSON objects (column name → value) with a model's fitted preprocessing. Problems that
/// make a row unusable become errors keyed like <c>rows[3].size</c>; unseen categories only become warnings.
/// </summary>
public sealed class RawRowEncoder(FittedPreprocessing preprocessing)
{
    private static readonly HashSet<string> MissingMarkers = new(["", "NA", "NaN", "null"], StringComparer.Ordinal);

    // Built once per fitted preprocessing (a cached trained model serves many requests), not per request.
    private static readonly ConditionalWeakTable<FittedPreprocessing, Lookups> LookupsOf = [];

    private readonly Lookups _lookups = LookupsOf.GetValue(preprocessing, p => new Lookups(p));

    // One row's feature values by feature position; default (Undefined) where the row lacks the column.
    private readonly JsonElement[] _values = new JsonElement[preprocessing.Features.Count];

    public int InputWidth => preprocessing.InputWidth;

    /// <summary>Feature columns absent from at least one row, as validation errors (the first such row for each).</summary>
    public Dictionary<string, string[]> FindMissingColumns(IReadOnlyList<JsonElement> rows)
    {
        var firstMissing = new int[preprocessing.Features.Count];
        Array.Fill(firstMissing, -1);
        for (int r = 0; r < rows.Count; r++)
        {
            ReadOnlySpan<JsonElement> values = Collect(rows[r]);
            for (int f = 0; f < values.Length; f++)
                if (values[f].ValueKind == JsonValueKind.Undefined && firstMissing[f] < 0)
                    firstMissing[f] = r;
        }

        var errors = new Dictionary<string, string[]>();
        for (int f = 0; f < firstMissing.Length; f++)
        {
            if (firstMissing[f] < 0) continue;
            string name = preprocessing.Features[f].Name;
            errors[$"rows[{firstMissing[f]}].{name}"] = [$"Feature column '{name}' is missing from row {firstMissing[f]}; the model needs: {string.Join(", ", preprocessing.Features.Select(c => c.Name))}."];
        }

        return errors;
    }

    /// <summary>
    /// Writes row <paramref name="rowIndex"/> into <paramref name="output"/> (one input row); adds problems to the lists.
    /// The row must hold every feature column (<see cref="FindMissingColumns"/>).
    /// </summary>
    public void Encode(JsonElement row, int rowIndex, Span<float> output, Dictionary<string, string[]> errors, List<string> warnings)
    {
        output.Clear();
        ReadOnlySpan<JsonElement> values = Collect(row);
        for (int f = 0; f < preprocessing.Features.Count; f++)
        {
            var feature = preprocessing.Features[f];
            var value = values[f];
            Span<float> cell = output.Slice(preprocessing.Layout.Offsets[f], feature.Width);
            if (feature.IsCategorical)
                EncodeCategory(feature, _lookups.CategoryIndex[f], value, rowIndex, cell, warnings);
            else if (!TryReadNumber(value, out float number))
                errors[$"rows[{rowIndex}].{feature.Name}"] = [$"'{value}' is not a number; column '{feature.Name}' is numeric."];
            else if (float.IsNaN(number) && preprocessing.Missing == MissingValueStrategy.Error)
                errors[$"rows[{rowIndex}].{feature.Name}"] = [$"Column '{feature.Name}' is missing, and the model's preprocessing.missing is 'error'."];
            else
                cell[0] = preprocessing.EncodeNumeric(feature, number, rowIndex);
        }
    }

    /// <summary>
    /// A row's feature values in one pass over its properties. Looking each feature up by name scans the object once
    /// per feature, quadratic in the columns: 1,000 rows of 784 pixel columns took seconds. Of a property sent twice
    /// the last counts, as with <see cref="JsonElement.GetProperty(string)"/>. Clients mostly send the columns in the
    /// model's order, so each name is first compared in place with the next feature's UTF-8 name; only a name out of
    /// that order is read as a string and looked up.
    /// </summary>
    private ReadOnlySpan<JsonElement> Collect(JsonElement row)
    {
        Array.Clear(_values);
        if (row.ValueKind != JsonValueKind.Object)
            return _values;
        var names = _lookups.Utf8Names;
        int expected = 0;
        foreach (var property in row.EnumerateObject())
        {
            int position = expected < names.Length && property.NameEquals(names[expected]) ? expected
                : _lookups.FeaturePosition.GetValueOrDefault(property.Name, -1);
            if (position < 0)
                continue;
            _values[position] = property.Value;
            expected = position + 1;
        }
        return _values;
    }

    /// <summary>The target value of a row in the model's terms: class index, or the raw number; null when absent or missing.</summary>
    public double? ReadTarget(JsonElement row)
    {
        var target = preprocessing.Target;
        if (!row.TryGetProperty(target.Name, out var value) || IsMissing(value))
            return null;
        if (!target.IsClassification)
            return TryReadNumber(value, out float number) && !float.IsNaN(number) ? number : null;
        int label = Array.IndexOf(target.Labels, AsText(value));
        return label >= 0 ? label : null;
    }

    private static void EncodeCategory(FeatureEncoding feature, Dictionary<string, int> index, JsonElement value, int rowIndex, Span<float> cell, List<string> warnings)
    {
        if (IsMissing(value))
            return;
        string text = AsText(value);
        if (index.TryGetValue(text, out int position))
            CategoryMatch.WriteOneHot(cell, position);
        else
            warnings.Add($"rows[{rowIndex}].{feature.Name}: category '{text}' was not seen in training and is encoded as all zeros.");
    }

    private static bool TryReadNumber(JsonElement value, out float number)
    {
        number = float.NaN;
        if (IsMissing(value))
            return true;
        if (value.ValueKind == JsonValueKind.Number)
            return value.TryGetSingle(out number);
        return value.ValueKind == JsonValueKind.String
            && float.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private static bool IsMissing(JsonElement value) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
        || (value.ValueKind == JsonValueKind.String && MissingMarkers.Contains(value.GetString()!));

    private static string AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetDouble().ToString(CultureInfo.InvariantCulture),
        _ => value.GetRawText(),
    };

    /// <summary>What encoding a row looks up, per fitted preprocessing: feature positions by name, category positions.</summary>
    private sealed class Lookups(FittedPreprocessing preprocessing)
    {
        public Dictionary<string, int>[] CategoryIndex { get; } = [.. preprocessing.Features.Select(CategoryMatch.Positions)];

        public Dictionary<string, int> FeaturePosition { get; } =
            preprocessing.Features.Select((feature, position) => (feature.Name, position)).ToDictionary(StringComparer.Ordinal);

        public byte[][] Utf8Names { get; } = [.. preprocessing.Features.Select(f => Encoding.UTF8.GetBytes(f.Name))];
    }
}
