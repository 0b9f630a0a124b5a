namespace TrainingService.Engine.Training;

/// <summary>
/// The network part of a checkpoint: every trained tensor (parameter values, then each layer's
/// non-trainable state such as batch-norm running statistics) and the way to put them back into a
/// network built from the same spec.
/// </summary>
internal static class NetworkSnapshot
{
    /// <summary>Parameter values, then layer states, in the network's fixed order (shared by early stopping's best copy).</summary>
    public static float[][] Tensors(Network network) =>
        network.Parameters.Select(p => p.Value).Concat(network.Layers.SelectMany(l => l.State)).ToArray();

    // REVIEW: a stand-in blob of the raw tensors until engine-core's NetworkSerializer lands; the
    // checkpoint will then embed that serializer's output (architecture + weights) instead.
    public static byte[] Capture(Network network)
    {
        float[][] tensors = Tensors(network);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(tensors.Length);
            foreach (float[] tensor in tensors)
            {
                writer.Write(tensor.Length);
                writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan()));
            }
        }
        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The blob does not fit the network's architecture.</exception>
    public static void Restore(Network network, byte[] blob)
    {
        float[][] tensors = Tensors(network);
        using var reader = new BinaryReader(new MemoryStream(blob, writable: false));
        try
        {
            if (reader.ReadInt32() != tensors.Length)
                throw new InvalidDataException("The checkpoint's network has a different number of tensors than this network.");
            foreach (float[] tensor in tensors)
            {
                if (reader.ReadInt32() != tensor.Length)
                    throw new InvalidDataException("The checkpoint's network has a tensor of a different size than this network.");
                var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan());
                if (reader.Read(bytes) != bytes.Length)
                    throw new InvalidDataException("The checkpoint's network is cut short.");
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The checkpoint's network is cut short.", e);
        }
    }
}
