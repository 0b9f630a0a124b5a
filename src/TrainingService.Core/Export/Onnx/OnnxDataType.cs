namespace TrainingService.Core.Export.Onnx;

/// <summary>The element types the export uses, numbered as <c>TensorProto.DataType</c> in the ONNX spec.</summary>
internal enum OnnxDataType
{
    Float = 1,
    Int64 = 7,
    String = 8,
    Double = 11,
}
