using TrainingService.Core.Validation;

namespace TrainingService.Core.Models;

/// <summary>Turns sent hidden layers into <see cref="LayerDefinition"/>s, reporting every mistake under <c>layers[i]</c>.</summary>
internal static class LayerRequestValidator
{
    public static IReadOnlyList<LayerDefinition> Validate(IReadOnlyList<LayerRequest?>? layers, ValidationErrors errors)
    {
        if (layers is null)
            return [];
        if (layers.Count > ModelDefinitionLimits.MaxLayers)
            errors.Add("layers", $"At most {ModelDefinitionLimits.MaxLayers} hidden layers are allowed; got {layers.Count}.");

        var result = new List<LayerDefinition>(layers.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            if (Validate(layers[i], $"layers[{i}]", errors) is { } layer)
                result.Add(layer);
        }

        return result;
    }

    private static LayerDefinition? Validate(LayerRequest? layer, string path, ValidationErrors errors)
    {
        if (layer is null)
        {
            errors.Add(path, "A layer object is required.");
            return null;
        }

        if (layer.Type is null)
        {
            errors.Add($"{path}.type", $"type is required; use {WireEnum.Allowed<LayerType>()}.");
            return null;
        }

        if (!WireEnum.TryParse(layer.Type, out LayerType type))
        {
            errors.Add($"{path}.type", $"'{layer.Type}' is not a valid type; use {WireEnum.Allowed<LayerType>()}.");
            return null;
        }

        return type switch
        {
            LayerType.Dense => Dense(layer, path, errors),
            LayerType.Dropout => Dropout(layer, path, errors),
            _ => BatchNormalization(layer, path, errors),
        };
    }

    private static DenseLayerDefinition Dense(LayerRequest layer, string path, ValidationErrors errors)
    {
        RejectUnused(path, "dense", errors, ("rate", layer.Rate));
        if (layer.Units is null)
            errors.Add($"{path}.units", $"units is required for a dense layer (1 to {ModelDefinitionLimits.MaxUnits}).");
        else if (layer.Units is < 1 or > ModelDefinitionLimits.MaxUnits)
            errors.Add($"{path}.units", $"units must be between 1 and {ModelDefinitionLimits.MaxUnits}; got {layer.Units}.");
        var activation = errors.Enum($"{path}.activation", layer.Activation, Activation.Relu);
        errors.Range($"{path}.l1", layer.L1, v => v >= 0, "0 or more");
        errors.Range($"{path}.l2", layer.L2, v => v >= 0, "0 or more");
        errors.Range($"{path}.maxNorm", layer.MaxNorm, v => v > 0, "greater than 0, or null for none");
        return new DenseLayerDefinition(layer.Units ?? 0, activation, layer.L1, layer.L2, layer.MaxNorm);
    }

    private static DropoutLayerDefinition Dropout(LayerRequest layer, string path, ValidationErrors errors)
    {
        RejectUnused(path, "dropout", errors, ("units", layer.Units), ("activation", layer.Activation),
            ("l1", layer.L1), ("l2", layer.L2), ("maxNorm", layer.MaxNorm));
        if (layer.Rate is null)
            errors.Add($"{path}.rate", "rate is required for a dropout layer (0 ≤ rate < 1).");
        errors.Range($"{path}.rate", layer.Rate, v => v is >= 0 and < 1, "at least 0 and less than 1");
        return new DropoutLayerDefinition(layer.Rate ?? 0);
    }

    private static BatchNormalizationLayerDefinition BatchNormalization(LayerRequest layer, string path, ValidationErrors errors)
    {
        RejectUnused(path, "batchNormalization", errors, ("units", layer.Units), ("activation", layer.Activation),
            ("rate", layer.Rate), ("l1", layer.L1), ("l2", layer.L2), ("maxNorm", layer.MaxNorm));
        return new BatchNormalizationLayerDefinition();
    }

    // A parameter the layer type ignores is almost always a mistake (a dropout "units", a misplaced "rate"): say so.
    private static void RejectUnused(string path, string type, ValidationErrors errors, params (string Name, object? Value)[] fields)
    {
        foreach (var (name, value) in fields)
        {
            if (value is not null)
                errors.Add($"{path}.{name}", $"{name} does not apply to a {type} layer.");
        }
    }
}
