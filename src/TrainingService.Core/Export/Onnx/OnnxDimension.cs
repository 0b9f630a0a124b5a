namespace TrainingService.Core.Export.Onnx;

/// <summary>A dimension of a declared shape: a fixed size, or a named one whose size each run decides.</summary>
internal readonly record struct OnnxDimension(long Size, string? Parameter = null)
{
    /// <summary>The dynamic batch dimension every input and output starts with.</summary>
    public static OnnxDimension Batch { get; } = new(0, "N");
}
