using TrainingService.Core.Models;

namespace TrainingService.Core.Training.Preprocessing;

/// <summary>Binary form of <see cref="FittedPreprocessing"/>, stored in front of the network in a trained model.</summary>
public static class PreprocessingSerializer
{
    private const int Version = 1;

    public static void Write(BinaryWriter writer, FittedPreprocessing preprocessing)
    {
        writer.Write(Version);
        writer.Write((int)preprocessing.Missing);
        writer.Write(preprocessing.Features.Count);
        foreach (var f in preprocessing.Features)
        {
            writer.Write(f.Name);
            writer.Write(f.IsCategorical);
            writer.Write(f.Center);
            writer.Write(f.Scale);
            writer.Write(f.Fill);
            WriteStrings(writer, f.Categories);
        }

        var t = preprocessing.Target;
        writer.Write(t.Name);
        writer.Write(t.IsClassification);
        WriteStrings(writer, t.Labels);
        writer.Write(t.Center);
        writer.Write(t.Scale);
        writer.Write(t.OutputWidth);
    }

    public static FittedPreprocessing Read(BinaryReader reader)
    {
        int version = reader.ReadInt32();
        if (version != Version)
            throw new InvalidDataException($"Preprocessing format version {version} is not supported (this build reads version {Version}).");
        var missing = (MissingValueStrategy)reader.ReadInt32();
        int count = reader.ReadInt32();
        var features = new FeatureEncoding[count];
        for (int i = 0; i < count; i++)
            features[i] = new FeatureEncoding(reader.ReadString(), reader.ReadBoolean(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), ReadStrings(reader));
        var target = new TargetEncoding(reader.ReadString(), reader.ReadBoolean(), ReadStrings(reader), reader.ReadSingle(), reader.ReadSingle(), reader.ReadInt32());
        return new FittedPreprocessing(features, target, missing);
    }

    private static void WriteStrings(BinaryWriter writer, string[] values)
    {
        writer.Write(values.Length);
        foreach (string v in values) writer.Write(v);
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > 10_000_000)
            throw new InvalidDataException($"Corrupt preprocessing block: a list of {count} strings.");
        var values = new string[count];
        for (int i = 0; i < count; i++) values[i] = reader.ReadString();
        return values;
    }
}
