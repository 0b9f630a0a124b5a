namespace TrainingService.Core.Export.Onnx;

/// <summary>A graph input or output: a tensor of <paramref name="Type"/> and <paramref name="Shape"/>.</summary>
internal sealed record OnnxValueInfo(string Name, OnnxDataType Type, OnnxDimension[] Shape, string? DocString = null);
