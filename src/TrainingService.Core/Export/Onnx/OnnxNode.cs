namespace TrainingService.Core.Export.Onnx;

/// <summary>One operator application; <paramref name="Domain"/> is empty for the default <c>ai.onnx</c> operator set.</summary>
internal sealed record OnnxNode(string OpType, string Name, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes, string Domain = "");
