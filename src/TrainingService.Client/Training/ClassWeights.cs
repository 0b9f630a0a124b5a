using System.Text.Json.Serialization;

namespace TrainingService.Client;

/// <summary>
/// A job's class weights (cross-entropy losses only): <see cref="Balanced"/> (each class weighted
/// n_samples / (n_classes × its count) over the training rows) or <see cref="ByLabel"/> (labels left out weigh 1).
/// On the wire the string <c>"balanced"</c> or an object of label → weight.
/// </summary>
[JsonConverter(typeof(ClassWeightsJsonConverter))]
public sealed record ClassWeights
{
    private ClassWeights(IReadOnlyDictionary<string, double>? weights) => Weights = weights;

    public static ClassWeights Balanced { get; } = new((IReadOnlyDictionary<string, double>?)null);

    /// <summary>The weights by class label; null for <see cref="Balanced"/>.</summary>
    public IReadOnlyDictionary<string, double>? Weights { get; }

    public bool IsBalanced => Weights is null;

    public static ClassWeights ByLabel(IReadOnlyDictionary<string, double> weights) =>
        new(weights ?? throw new ArgumentNullException(nameof(weights)));
}
