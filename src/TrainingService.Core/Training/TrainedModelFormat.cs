using System.Text;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Engine;
using TrainingService.Engine.Serialization;

namespace TrainingService.Core.Training;

/// <summary>
/// A trained model as stored and downloaded: magic <c>TSMODEL\0</c>, a format version, the fitted preprocessing
/// (feature list, scalers, category lists, class labels), then the network in the engine's own binary format.
/// </summary>
public static class TrainedModelFormat
{
    private const int Version = 1;
    private static readonly byte[] Magic = "TSMODEL\0"u8.ToArray();

    public static byte[] Write(FittedPreprocessing preprocessing, Network network)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            PreprocessingSerializer.Write(writer, preprocessing);
        }

        NetworkSerializer.Write(stream, network);
        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a trained model of a version this build reads.</exception>
    public static (FittedPreprocessing Preprocessing, Network Network) Read(byte[] data, int maxBatchSize, int maxThreads = 1)
    {
        using var stream = new MemoryStream(data, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException("Not a TrainingService model: the magic bytes are wrong.");
            int version = reader.ReadInt32();
            if (version != Version)
                throw new InvalidDataException($"Trained model format version {version} is not supported (this build reads version {Version}).");
            var preprocessing = PreprocessingSerializer.Read(reader);
            return (preprocessing, NetworkSerializer.Read(stream, maxBatchSize, maxThreads));
        }
        catch (Exception ex) when (ex is EndOfStreamException or ModelFormatException)
        {
            throw new InvalidDataException("The trained model is truncated or corrupt: " + ex.Message, ex);
        }
    }
}
