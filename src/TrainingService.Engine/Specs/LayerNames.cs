using System.Globalization;

namespace TrainingService.Engine.Specs;

/// <summary>
/// A layer's name and type text in a <see cref="NetworkSummary"/>, from its spec alone, so the summary of a spec
/// (<see cref="NetworkSpec.Summary"/>) and of the network it builds (<see cref="Network.Summary"/>) read the same.
/// </summary>
internal static class LayerNames
{
    /// <summary>The layer's name, e.g. <c>dense0</c>: its kind and its position in the network.</summary>
    public static string Name(LayerSpec spec, int index) => spec switch
    {
        DenseLayerSpec => $"dense{index}",
        DropoutLayerSpec => $"dropout{index}",
        BatchNormalizationLayerSpec => $"batchNormalization{index}",
        ActivationLayerSpec => $"activation{index}",
        _ => throw new ArgumentException($"layers[{index}]: unsupported layer type {spec.GetType().Name}.", nameof(spec)),
    };

    /// <summary>The layer's type and main settings, e.g. <c>Dense(128, Relu)</c>.</summary>
    public static string Describe(LayerSpec spec) => spec switch
    {
        DenseLayerSpec d => $"Dense({d.Units.ToString(CultureInfo.InvariantCulture)}, {d.Activation})",
        DropoutLayerSpec d => $"Dropout({d.Rate.ToString(CultureInfo.InvariantCulture)})",
        BatchNormalizationLayerSpec => "BatchNormalization",
        ActivationLayerSpec a => $"Activation({a.Activation})",
        _ => spec.GetType().Name,
    };
}
