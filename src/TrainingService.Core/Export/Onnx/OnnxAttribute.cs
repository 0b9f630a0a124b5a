namespace TrainingService.Core.Export.Onnx;

/// <summary>A node attribute: one of a float, an int, a list of strings or a tensor (the kinds the export needs).</summary>
internal sealed record OnnxAttribute(string Name)
{
    public float? Float { get; init; }

    public long? Int { get; init; }

    public string[]? Strings { get; init; }

    public OnnxTensor? Tensor { get; init; }

    public static OnnxAttribute Of(string name, float value) => new(name) { Float = value };

    public static OnnxAttribute Of(string name, long value) => new(name) { Int = value };

    public static OnnxAttribute Of(string name, string[] values) => new(name) { Strings = values };
}
