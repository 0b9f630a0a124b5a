using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace TrainingService.Core.Tests.Export;

/// <summary>
/// Runs an exported model in ONNX Runtime on rows given as the JSON objects a prediction request carries: each graph
/// input is fed from the row's property of the same name, a number (NaN for null or a missing marker) for a float
/// input, the text for a string input ("" for null). Shared with the Api tests.
/// </summary>
public static class OnnxRunner
{
    private static readonly HashSet<string> MissingMarkers = new(["", "NA", "NaN", "null"], StringComparer.Ordinal);

    /// <param name="ClassLabels">The model's <c>class_labels</c> metadata: the probabilities' column order.</param>
    public sealed record Result(string[]? Labels, float[][]? Probabilities, double[]? Values, string[] ClassLabels);

    public static Result Run(byte[] model, IReadOnlyList<JsonElement> rows, Func<string, string>? columnOfInput = null)
    {
        using var session = new InferenceSession(model);
        var inputs = new List<NamedOnnxValue>();
        foreach (var (name, metadata) in session.InputMetadata)
        {
            string column = columnOfInput?.Invoke(name) ?? name;
            if (metadata.ElementType == typeof(string))
                inputs.Add(NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(rows.Select(r => Text(r.GetProperty(column))).ToArray(), [rows.Count, 1])));
            else
                inputs.Add(NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(rows.Select(r => Number(r.GetProperty(column))).ToArray(), [rows.Count, 1])));
        }

        string[] classLabels = JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap["class_labels"])!;
        using var results = session.Run(inputs);
        var byName = results.ToDictionary(r => r.Name);
        if (byName.TryGetValue("value", out var value))
        {
            var values = value.AsTensor<double>();
            Assert.Equal([rows.Count, 1], values.Dimensions.ToArray());
            return new Result(null, null, values.ToArray(), classLabels);
        }

        var labels = byName["label"].AsTensor<string>();
        var probabilities = byName["probabilities"].AsTensor<float>();
        Assert.Equal([rows.Count], labels.Dimensions.ToArray());
        int classes = probabilities.Dimensions[1];
        float[] flat = probabilities.ToArray();
        Assert.Equal(classLabels.Length, classes);
        return new Result(labels.ToArray(), [.. Enumerable.Range(0, rows.Count).Select(r => flat.AsSpan(r * classes, classes).ToArray())], null, classLabels);
    }

    private static float Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetSingle(),
        JsonValueKind.String when !MissingMarkers.Contains(value.GetString()!) => float.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        _ => float.NaN,
    };

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetDouble().ToString(CultureInfo.InvariantCulture),
        _ => "",
    };

    /// <summary>Keeps an exported model where CI's checker step reads them (.ci/check-onnx.sh), when CI asks for them.</summary>
    public static void KeepForChecker(string fileName, byte[] onnx)
    {
        if (Environment.GetEnvironmentVariable("TRAININGSERVICE_ONNX_CHECK_DIR") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(Path.Combine(directory, fileName), onnx);
        }
    }
}
