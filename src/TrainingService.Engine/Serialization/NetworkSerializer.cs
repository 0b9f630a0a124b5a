using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using TrainingService.Engine.Layers;
using TrainingService.Engine.Specs;

namespace TrainingService.Engine.Serialization;

/// <summary>
/// Versioned binary model format: architecture (<see cref="NetworkSpec"/>), every parameter's values
/// and the layers' non-trainable state (batch-norm running statistics), so a read network computes
/// bit-identical outputs. Layout, little-endian:
/// <c>"TSNN" | u16 version | u16 reserved | i64 payload length | payload | u64 FNV-1a of payload</c>.
/// <see cref="Write"/> and <see cref="Read"/> neither close the stream nor touch bytes beyond the
/// record, so a checkpoint can embed a model among other data. Gradients and the dropout generator
/// are not part of a model.
/// </summary>
public static class NetworkSerializer
{
    /// <summary>The version this engine writes and the newest it reads.</summary>
    public const ushort CurrentVersion = 1;

    private static ReadOnlySpan<byte> Magic => "TSNN"u8;
    private const int HeaderLength = 16;
    private const long MaxPayloadLength = int.MaxValue;

    public static void Write(Stream stream, Network network)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(network);
        byte[] payload = WritePayload(network);
        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], CurrentVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], payload.Length);
        stream.Write(header);
        stream.Write(payload);
        Span<byte> checksum = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(checksum, Fnv1a.Hash(payload));
        stream.Write(checksum);
    }

    /// <summary>Reads one model written by <see cref="Write"/>, leaving the stream just past it.</summary>
    /// <exception cref="ModelFormatException">Not a model, truncated, corrupt, or a newer format version.</exception>
    public static Network Read(Stream stream, int maxBatchSize = Network.DefaultMaxBatchSize, int maxThreads = 1) =>
        ReadPayload(ReadRecord(stream), maxBatchSize, maxThreads);

    /// <summary>
    /// Reads one model written by <see cref="Write"/> into <paramref name="target"/>, which must have
    /// been built from an equal <see cref="NetworkSpec"/>: its parameter values and layer state are
    /// overwritten, its buffers, thread count and dropout generator kept (checkpoint resume).
    /// </summary>
    /// <exception cref="ModelFormatException">As <see cref="Read"/>, or the architectures differ (target unchanged).</exception>
    public static void ReadInto(Stream stream, Network target)
    {
        ArgumentNullException.ThrowIfNull(target);
        byte[] payload = ReadRecord(stream);
        using var reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
        try
        {
            NetworkSpec spec = SpecCodec.Read(reader);
            if (!spec.Equals(target.Spec))
                throw new ModelFormatException("The model's architecture differs from the network it is read into.");
            ReadValues(reader, target, payload.Length);
        }
        catch (EndOfStreamException e)
        {
            throw new ModelFormatException("The model payload ends early; the file is corrupt.", e);
        }
    }

    /// <summary>Reads and checks the framing (magic, version, length, checksum) and returns the payload.</summary>
    private static byte[] ReadRecord(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[HeaderLength];
        ReadExactly(stream, header, "header");
        if (!header[..4].SequenceEqual(Magic))
            throw new ModelFormatException("Not a TrainingService model: the file does not start with the \"TSNN\" magic bytes.");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version > CurrentVersion)
            throw new ModelFormatException($"The model has format version {version}, newer than the newest this engine reads ({CurrentVersion}); upgrade the service.");
        if (version == 0)
            throw new ModelFormatException("The model declares format version 0, which does not exist; the file is corrupt.");
        long length = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        if (length < 0 || length > MaxPayloadLength)
            throw new ModelFormatException($"The model declares a payload of {length} bytes; the file is corrupt.");
        byte[] payload = new byte[length];
        ReadExactly(stream, payload, "payload");
        Span<byte> checksum = stackalloc byte[8];
        ReadExactly(stream, checksum, "checksum");
        if (BinaryPrimitives.ReadUInt64LittleEndian(checksum) != Fnv1a.Hash(payload))
            throw new ModelFormatException("The model's checksum does not match its contents; the file is corrupt.");
        return payload;
    }

    /// <summary>The model as one byte array (e.g. for a <c>bytea</c> column).</summary>
    public static byte[] ToBytes(Network network)
    {
        using var stream = new MemoryStream();
        Write(stream, network);
        return stream.ToArray();
    }

    /// <inheritdoc cref="Read"/>
    public static Network FromBytes(byte[] bytes, int maxBatchSize = Network.DefaultMaxBatchSize, int maxThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        Network network = Read(stream, maxBatchSize, maxThreads);
        if (stream.Position != stream.Length)
            throw new ModelFormatException($"{stream.Length - stream.Position} unexpected bytes follow the model.");
        return network;
    }

    private static byte[] WritePayload(Network network)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            SpecCodec.Write(writer, network.Spec);
            foreach (ILayer layer in network.Layers)
            {
                writer.Write(layer.Parameters.Count);
                foreach (Parameter p in layer.Parameters)
                {
                    writer.Write(p.Rows);
                    writer.Write(p.Cols);
                    WriteFloats(writer, p.Value);
                }
                writer.Write(layer.State.Count);
                foreach (float[] state in layer.State)
                {
                    writer.Write(state.Length);
                    WriteFloats(writer, state);
                }
            }
        }
        return buffer.ToArray();
    }

    private static Network ReadPayload(byte[] payload, int maxBatchSize, int maxThreads)
    {
        using var reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
        try
        {
            NetworkSpec spec = SpecCodec.Read(reader);
            CheckSize(spec, payload.Length);
            Network network;
            try
            {
                network = new Network(spec, maxBatchSize, maxThreads);
            }
            catch (ArgumentException e) when (e.ParamName is not (nameof(maxBatchSize) or nameof(maxThreads) or "value"))
            {
                throw new ModelFormatException($"The model's architecture is invalid ({e.Message}); the file is corrupt.", e);
            }
            ReadValues(reader, network, payload.Length);
            return network;
        }
        catch (EndOfStreamException e)
        {
            throw new ModelFormatException("The model payload ends early; the file is corrupt.", e);
        }
    }

    private static void ReadValues(BinaryReader reader, Network network, long payloadLength)
    {
        for (int i = 0; i < network.Layers.Count; i++)
            ReadLayerValues(reader, network.Layers[i], i);
        if (reader.BaseStream.Position != payloadLength)
            throw new ModelFormatException("The model payload has trailing bytes; the file is corrupt.");
    }

    private static void ReadLayerValues(BinaryReader reader, ILayer layer, int index)
    {
        Expect(reader.ReadInt32(), layer.Parameters.Count, $"layer {index} parameter count");
        foreach (Parameter p in layer.Parameters)
        {
            Expect(reader.ReadInt32(), p.Rows, $"{p.Name} rows");
            Expect(reader.ReadInt32(), p.Cols, $"{p.Name} columns");
            ReadFloats(reader, p.Value);
        }
        Expect(reader.ReadInt32(), layer.State.Count, $"layer {index} state count");
        foreach (float[] state in layer.State)
        {
            Expect(reader.ReadInt32(), state.Length, $"layer {index} state length");
            ReadFloats(reader, state);
        }
    }

    /// <summary>Rejects an architecture whose values could not fit in the payload before allocating for it.</summary>
    private static void CheckSize(NetworkSpec spec, long payloadLength)
    {
        if (spec.InputSize <= 0 || spec.Layers.Count == 0)
            return; // Network's validation reports these
        long floats = 0;
        long width = spec.InputSize;
        foreach (LayerSpec layer in spec.Layers)
        {
            switch (layer)
            {
                case DenseLayerSpec d:
                    floats += (width + 1) * Math.Max(d.Units, 0);
                    width = d.Units;
                    break;
                case BatchNormalizationLayerSpec:
                    floats += 4 * width;
                    break;
            }
            if (width <= 0 || floats * sizeof(float) > payloadLength)
                throw new ModelFormatException("The model's architecture does not match the size of its values; the file is corrupt.");
        }
    }

    private static void Expect(int actual, int expected, string what)
    {
        if (actual != expected)
            throw new ModelFormatException($"The model's {what} is {actual} where its architecture implies {expected}; the file is corrupt.");
    }

    // Floats go as their in-memory bytes: little-endian, as the format says, on every host the service runs on
    // (Core refuses big-endian machines at start).
    private static void WriteFloats(BinaryWriter writer, ReadOnlySpan<float> values) =>
        writer.Write(MemoryMarshal.AsBytes(values));

    private static void ReadFloats(BinaryReader reader, Span<float> values) =>
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values));

    private static void ReadExactly(Stream stream, Span<byte> buffer, string part)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new ModelFormatException($"The model file is truncated: it ends inside the {part}.", e);
        }
    }
}
