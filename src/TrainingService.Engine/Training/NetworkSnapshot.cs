using TrainingService.Engine.Serialization;

namespace TrainingService.Engine.Training;

/// <summary>
/// The network part of a checkpoint: the model file <see cref="NetworkSerializer"/> writes (architecture,
/// parameter values, batch-norm statistics), and the way to put its tensors back into a network built
/// from the same spec, which keeps the caller's instance, batch size and thread settings.
/// </summary>
internal static class NetworkSnapshot
{
    /// <summary>Parameter values, then layer states, in the network's fixed order (shared by early stopping's best copy).</summary>
    public static float[][] Tensors(Network network) =>
        network.Parameters.Select(p => p.Value).Concat(network.Layers.SelectMany(l => l.State)).ToArray();

    public static byte[] Capture(Network network) => NetworkSerializer.ToBytes(network);

    /// <exception cref="ArgumentException">The checkpoint's network does not have this network's architecture.</exception>
    /// <exception cref="ModelFormatException">The embedded model cannot be read.</exception>
    public static void Restore(Network network, byte[] model)
    {
        float[][] source = Tensors(NetworkSerializer.FromBytes(model, maxBatchSize: 1));
        float[][] target = Tensors(network);
        if (source.Length != target.Length)
            throw new ArgumentException($"resumeFrom: the checkpoint's network has {source.Length} tensors; this network has {target.Length}.", "resumeFrom");
        for (int i = 0; i < target.Length; i++)
        {
            if (source[i].Length != target[i].Length)
                throw new ArgumentException($"resumeFrom: tensor {i} of the checkpoint's network has {source[i].Length} values; this network's has {target[i].Length}.", "resumeFrom");
        }
        for (int i = 0; i < target.Length; i++)
            source[i].AsSpan().CopyTo(target[i]);
    }
}
