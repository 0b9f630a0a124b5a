namespace TrainingService.Core.Export.Onnx;

/// <summary>A constant tensor (an initializer or an attribute value), row-major; exactly one of the value arrays is set.</summary>
internal sealed record OnnxTensor(string Name, OnnxDataType Type, long[] Dims)
{
    public float[]? Floats { get; init; }

    public double[]? Doubles { get; init; }

    public long[]? Int64s { get; init; }

    public string[]? Strings { get; init; }

    public static OnnxTensor Of(string name, float[] values, params long[] dims) => new(name, OnnxDataType.Float, dims) { Floats = values };

    public static OnnxTensor Of(string name, double[] values, params long[] dims) => new(name, OnnxDataType.Double, dims) { Doubles = values };

    public static OnnxTensor Of(string name, long[] values, params long[] dims) => new(name, OnnxDataType.Int64, dims) { Int64s = values };

    public static OnnxTensor Of(string name, string[] values, params long[] dims) => new(name, OnnxDataType.String, dims) { Strings = values };
}
