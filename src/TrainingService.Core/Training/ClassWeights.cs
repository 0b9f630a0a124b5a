using System.Text.Json.Serialization;

namespace TrainingService.Core.Training;

/// <summary>
/// A job's <c>classWeights</c>: <c>"balanced"</c> (each class weighted n_samples / (n_classes × its count in the training
/// rows), as scikit-learn) or an object of class label → weight (labels left out weigh 1). Each training and validation
/// row's loss is multiplied by its class's weight (and by its <c>weightColumn</c> value, when there is one).
/// </summary>
[JsonConverter(typeof(ClassWeightsJsonConverter))]
public sealed record ClassWeights
{
    public const string BalancedName = "balanced";

    /// <summary>Most labels a map may name: no dataset the service trains on has more classes.</summary>
    public const int MaxLabels = 10_000;

    public static ClassWeights Balanced { get; } = new() { IsBalanced = true };

    public bool IsBalanced { get; init; }

    /// <summary>Weights by class label; null when <see cref="IsBalanced"/>.</summary>
    public IReadOnlyDictionary<string, double>? ByLabel { get; init; }

    /// <summary>
    /// Every class's weight for <paramref name="labels"/> (the fitted target's, in output order) given each training row's
    /// class index, as the engine applies them; labels the map leaves out weigh 1, a class absent from the training rows
    /// gets 1 under <c>balanced</c> (no row uses it).
    /// </summary>
    public double[] Resolve(IReadOnlyList<string> labels, ReadOnlySpan<int> trainingClasses)
    {
        var weights = new double[labels.Count];
        if (!IsBalanced)
        {
            for (int c = 0; c < weights.Length; c++)
                weights[c] = ByLabel!.TryGetValue(labels[c], out double w) ? w : 1;
            return weights;
        }

        var counts = new long[labels.Count];
        foreach (int c in trainingClasses)
            counts[c]++;
        int present = counts.Count(n => n > 0);
        for (int c = 0; c < weights.Length; c++)
            weights[c] = counts[c] == 0 ? 1 : (double)trainingClasses.Length / (present * counts[c]);
        return weights;
    }
}
