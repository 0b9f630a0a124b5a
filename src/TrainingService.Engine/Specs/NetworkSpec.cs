using TrainingService.Engine.Initializers;

namespace TrainingService.Engine.Specs;

/// <summary>
/// Declarative description of a feed-forward network: input width, layers in order, weight
/// initializer and seed. Everything a <see cref="Network"/> needs to be rebuilt identically, and
/// what the model file stores as its architecture.
/// </summary>
/// <param name="InputSize">Features per sample, ≥ 1.</param>
/// <param name="Layers">At least one layer.</param>
/// <param name="Initializer">Weight initializer for dense layers without their own.</param>
/// <param name="Seed">Seeds weight initialization and the dropout generator.</param>
public sealed record NetworkSpec(
    int InputSize,
    IReadOnlyList<LayerSpec> Layers,
    InitializerKind Initializer = InitializerKind.GlorotUniform,
    ulong Seed = 0)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the offending field (e.g. <c>layers[2].rate</c>).</summary>
    public void Validate()
    {
        if (InputSize <= 0) throw new ArgumentException($"inputSize: must be ≥ 1, got {InputSize}.", "inputSize");
        if (Layers is null || Layers.Count == 0) throw new ArgumentException("layers: a network needs at least one layer.", "layers");
        if (!Enum.IsDefined(Initializer)) throw new ArgumentException($"initializer: unknown initializer {(int)Initializer}.", "initializer");
        for (int i = 0; i < Layers.Count; i++)
        {
            if (Layers[i] is null) throw new ArgumentException($"layers[{i}]: missing.", $"layers[{i}]");
            Layers[i].Validate(i);
        }
    }

    /// <summary>Value equality, layer by layer (a record would compare the list by reference).</summary>
    public bool Equals(NetworkSpec? other) =>
        other is not null && InputSize == other.InputSize && Initializer == other.Initializer && Seed == other.Seed
        && (ReferenceEquals(Layers, other.Layers) || (Layers is not null && other.Layers is not null && Layers.SequenceEqual(other.Layers)));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(InputSize);
        hash.Add(Initializer);
        hash.Add(Seed);
        foreach (LayerSpec layer in Layers ?? []) hash.Add(layer);
        return hash.ToHashCode();
    }

    /// <summary>Trainable scalars of the network this spec builds, without building it (equals <see cref="NetworkSummary.TotalParameters"/>).</summary>
    public long ParameterCount()
    {
        long count = 0;
        int size = InputSize;
        foreach (LayerSpec layer in Layers)
        {
            count += layer.ParameterCount(size);
            size = layer.OutputSize(size);
        }

        return count;
    }

    /// <summary>
    /// The layer table of the network this spec builds, without building it (no weights are allocated): the same
    /// rows as that network's <see cref="Network.Summary"/>, so a service can show a job's layers before it runs.
    /// </summary>
    public NetworkSummary Summary()
    {
        var rows = new LayerSummary[Layers.Count];
        int size = InputSize;
        for (int i = 0; i < rows.Length; i++)
        {
            LayerSpec layer = Layers[i];
            int output = layer.OutputSize(size);
            rows[i] = new LayerSummary(i, LayerNames.Name(layer, i), LayerNames.Describe(layer), output, layer.ParameterCount(size));
            size = output;
        }

        return new NetworkSummary(InputSize, rows);
    }

    /// <summary>Output width of the last layer.</summary>
    public int OutputSize()
    {
        int size = InputSize;
        foreach (LayerSpec layer in Layers) size = layer.OutputSize(size);
        return size;
    }
}
