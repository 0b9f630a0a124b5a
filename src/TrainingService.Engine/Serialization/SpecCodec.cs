using TrainingService.Engine.Activations;
using TrainingService.Engine.Initializers;
using TrainingService.Engine.Specs;

namespace TrainingService.Engine.Serialization;

/// <summary>Writes and reads a <see cref="NetworkSpec"/> inside the model payload.</summary>
internal static class SpecCodec
{
    private const byte DenseTag = 1, DropoutTag = 2, BatchNormalizationTag = 3, ActivationTag = 4;

    public static void Write(BinaryWriter writer, NetworkSpec spec)
    {
        writer.Write(spec.InputSize);
        writer.Write((int)spec.Initializer);
        writer.Write(spec.Seed);
        writer.Write(spec.Layers.Count);
        foreach (LayerSpec layer in spec.Layers)
            WriteLayer(writer, layer);
    }

    public static NetworkSpec Read(BinaryReader reader)
    {
        int inputSize = reader.ReadInt32();
        var initializer = (InitializerKind)reader.ReadInt32();
        ulong seed = reader.ReadUInt64();
        int count = reader.ReadInt32();
        if (count < 0 || count > 100_000)
            throw new ModelFormatException($"The model file declares {count} layers; the file is corrupt.");
        var layers = new LayerSpec[count];
        for (int i = 0; i < count; i++)
            layers[i] = ReadLayer(reader, i);
        return new NetworkSpec(inputSize, layers, initializer, seed);
    }

    private static void WriteLayer(BinaryWriter writer, LayerSpec layer)
    {
        switch (layer)
        {
            case DenseLayerSpec d:
                writer.Write(DenseTag);
                writer.Write(d.Units);
                writer.Write((int)d.Activation);
                WriteOptional(writer, d.ActivationAlpha);
                WriteOptional(writer, d.L1);
                WriteOptional(writer, d.L2);
                WriteOptional(writer, d.MaxNorm);
                writer.Write(d.Initializer.HasValue);
                writer.Write((int)(d.Initializer ?? 0));
                break;
            case DropoutLayerSpec d:
                writer.Write(DropoutTag);
                writer.Write(d.Rate);
                break;
            case BatchNormalizationLayerSpec b:
                writer.Write(BatchNormalizationTag);
                writer.Write(b.Momentum);
                writer.Write(b.Epsilon);
                break;
            case ActivationLayerSpec a:
                writer.Write(ActivationTag);
                writer.Write((int)a.Activation);
                WriteOptional(writer, a.Alpha);
                break;
            default:
                throw new ArgumentException($"Cannot serialize layer type {layer.GetType().Name}.", nameof(layer));
        }
    }

    private static LayerSpec ReadLayer(BinaryReader reader, int index)
    {
        byte tag = reader.ReadByte();
        switch (tag)
        {
            case DenseTag:
                int units = reader.ReadInt32();
                var activation = (ActivationKind)reader.ReadInt32();
                float? alpha = ReadOptional(reader), l1 = ReadOptional(reader), l2 = ReadOptional(reader), maxNorm = ReadOptional(reader);
                bool hasInitializer = reader.ReadBoolean();
                var initializer = (InitializerKind)reader.ReadInt32();
                return new DenseLayerSpec(units, activation, alpha, l1, l2, maxNorm, hasInitializer ? initializer : null);
            case DropoutTag:
                return new DropoutLayerSpec(reader.ReadSingle());
            case BatchNormalizationTag:
                float momentum = reader.ReadSingle();
                return new BatchNormalizationLayerSpec(momentum, reader.ReadSingle());
            case ActivationTag:
                var kind = (ActivationKind)reader.ReadInt32();
                return new ActivationLayerSpec(kind, ReadOptional(reader));
            default:
                throw new ModelFormatException($"Layer {index} has unknown type tag {tag}; the file is corrupt or from a newer engine.");
        }
    }

    private static void WriteOptional(BinaryWriter writer, float? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value ?? 0f);
    }

    private static float? ReadOptional(BinaryReader reader)
    {
        bool has = reader.ReadBoolean();
        float value = reader.ReadSingle();
        return has ? value : null;
    }
}
