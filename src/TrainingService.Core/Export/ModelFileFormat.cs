using System.Diagnostics.CodeAnalysis;

namespace TrainingService.Core.Export;

/// <summary>
/// A format <c>GET /api/training-jobs/{id}/model</c> serves a trained model in, chosen with <c>?format=</c>:
/// <see cref="Native"/> (the default: the stored <c>.tsmodel</c> bytes as they are) or <see cref="Onnx"/>
/// (converted on each download by <see cref="OnnxExporter"/>; nothing extra is stored).
/// </summary>
public sealed class ModelFileFormat
{
    public static readonly ModelFileFormat Native = new("native", "tsmodel", (data, _) => data);
    public static readonly ModelFileFormat Onnx = new("onnx", "onnx", (data, jobId) => OnnxExporter.Export(data, $"training-job-{jobId}"));

    private static readonly ModelFileFormat[] All = [Native, Onnx];

    private readonly Func<byte[], Guid, byte[]> _convert;

    private ModelFileFormat(string name, string extension, Func<byte[], Guid, byte[]> convert) =>
        (Name, Extension, _convert) = (name, extension, convert);

    /// <summary>The value of <c>?format=</c>.</summary>
    public string Name { get; }

    public string Extension { get; }

    /// <summary>Both are binary formats without a registered media type of their own.</summary>
    public string ContentType => "application/octet-stream";

    /// <summary>Every format's name, for an error message.</summary>
    public static string Names => string.Join(", ", All.Select(f => $"'{f.Name}'"));

    /// <summary>The format named <paramref name="name"/> (any case); no name is <see cref="Native"/>.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ModelFileFormat? format)
    {
        format = string.IsNullOrEmpty(name) ? Native : All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        return format is not null;
    }

    public string FileName(Guid jobId) => $"model-{jobId}.{Extension}";

    /// <summary>The download's bytes from the stored trained model of job <paramref name="jobId"/>.</summary>
    public byte[] Convert(byte[] trainedModel, Guid jobId) => _convert(trainedModel, jobId);
}
