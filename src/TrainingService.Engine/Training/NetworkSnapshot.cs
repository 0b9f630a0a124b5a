using TrainingService.Engine.Serialization;

namespace TrainingService.Engine.Training;

/// <summary>
/// The network part of a checkpoint: the model file <see cref="NetworkSerializer"/> writes (architecture,
/// parameter values, batch-norm statistics), read back into the caller's network built from the same
/// spec, which keeps its instance, batch size and thread settings.
/// </summary>
internal static class NetworkSnapshot
{
    /// <summary>Parameter values, then layer states, in the network's fixed order (shared by early stopping's best copy).</summary>
    public static float[][] Tensors(Network network) =>
        network.Parameters.Select(p => p.Value).Concat(network.Layers.SelectMany(l => l.State)).ToArray();

    public static byte[] Capture(Network network) => NetworkSerializer.ToBytes(network);

    /// <exception cref="ArgumentException">The checkpoint's network is unreadable or was built from another spec.</exception>
    public static void Restore(Network network, byte[] model)
    {
        using var stream = new MemoryStream(model, writable: false);
        try
        {
            NetworkSerializer.ReadInto(stream, network);
        }
        catch (ModelFormatException e)
        {
            throw new ArgumentException($"resumeFrom: {e.Message}", "resumeFrom", e);
        }
    }
}
