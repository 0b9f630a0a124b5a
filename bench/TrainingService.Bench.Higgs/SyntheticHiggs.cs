using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TrainingService.Engine;
using TrainingService.Engine.Training;

namespace TrainingService.Bench.Higgs;

/// <summary>
/// A HIGGS-shaped binary classification set made from a fixed seed (HIGGS itself is not available here):
/// 28 features per row, 21 "low-level" ones drawn N(0, 1) and 7 "high-level" ones derived from them (products
/// of pairs, as invariant masses combine kinematics). The label is whether a fixed random 28-32-1 tanh teacher
/// net's score plus Gaussian noise (half the score's standard deviation) lies above its median, so the classes
/// are balanced, learnable by the 5×300 student, and not separable: the noise caps accuracy near 0.85.
/// </summary>
/// <remarks>
/// File layout (little-endian), written once by the engine bench and read by the PyTorch peer with
/// <c>numpy.fromfile</c> so both train on the same bytes: a 32-byte header (uint32 magic <c>HIGS</c>, int32
/// version 1, uint64 seed, int32 rows, int32 validation rows, int32 inputs = 28, int32 0), then the features of
/// all rows as float32 <c>[rows, 28]</c> row-major, then the labels as float32 <c>[rows]</c> (0 or 1). The last
/// <c>validation rows</c> rows are the validation split, the ones before it the training split.
/// </remarks>
internal static class SyntheticHiggs
{
    public const int Inputs = 28;
    public const int LowLevel = 21;
    private const int TeacherHidden = 32;
    private const int HeaderSize = 32;
    private const uint Magic = 0x5347_4948; // "HIGS" read as little-endian bytes
    private const int Version = 1;

    /// <summary>
    /// The training and validation splits: read from <paramref name="path"/> when it exists, else generated (and
    /// written there when a path is given).
    /// </summary>
    /// <exception cref="InvalidDataException">The file exists but was made with another seed or other sizes.</exception>
    public static (TrainingData Train, TrainingData Validation) Load(string? path, ulong seed, int trainRows, int validationRows)
    {
        if (path is not null && File.Exists(path))
            return Read(path, seed, trainRows, validationRows);
        var (features, labels) = Generate(seed, trainRows + validationRows);
        if (path is not null)
            Write(path, seed, validationRows, features, labels);
        return Split(features, labels, trainRows);
    }

    /// <summary>Features <c>[rows, 28]</c> and 0/1 labels <c>[rows]</c>, a pure function of the seed and the row count.</summary>
    public static (float[] Features, float[] Labels) Generate(ulong seed, int rows)
    {
        var random = new SeededRandom(seed);
        // Teacher: pre-activations of about N(0, 4) so that tanh bends; output weights ~N(0, 1/32).
        var w = new double[Inputs * TeacherHidden];
        var b = new double[TeacherHidden];
        var v = new double[TeacherHidden];
        for (int i = 0; i < w.Length; i++) w[i] = random.NextGaussian() * 2 / Math.Sqrt(Inputs);
        for (int j = 0; j < TeacherHidden; j++) b[j] = random.NextGaussian() * 0.5;
        for (int j = 0; j < TeacherHidden; j++) v[j] = random.NextGaussian() / Math.Sqrt(TeacherHidden);

        var features = new float[(long)rows * Inputs];
        var score = new double[rows];
        var hidden = new double[TeacherHidden];
        for (int r = 0; r < rows; r++)
        {
            Span<float> x = features.AsSpan(r * Inputs, Inputs);
            for (int i = 0; i < LowLevel; i++)
                x[i] = (float)random.NextGaussian();
            for (int k = 0; k < Inputs - LowLevel; k++)
                x[LowLevel + k] = x[3 * k] * x[3 * k + 1];
            b.CopyTo(hidden, 0);
            for (int i = 0; i < Inputs; i++)
            {
                double xi = x[i];
                for (int j = 0; j < TeacherHidden; j++)
                    hidden[j] += xi * w[i * TeacherHidden + j];
            }
            double s = 0;
            for (int j = 0; j < TeacherHidden; j++)
                s += v[j] * Math.Tanh(hidden[j]);
            score[r] = s;
        }

        double mean = score.Average();
        double sd = Math.Sqrt(score.Sum(s => (s - mean) * (s - mean)) / rows);
        for (int r = 0; r < rows; r++)
            score[r] += 0.5 * sd * random.NextGaussian();
        double[] sorted = (double[])score.Clone();
        Array.Sort(sorted);
        double median = sorted[rows / 2];
        var labels = new float[rows];
        for (int r = 0; r < rows; r++)
            labels[r] = score[r] > median ? 1f : 0f;
        return (features, labels);
    }

    public static void Write(string path, ulong seed, int validationRows, float[] features, float[] labels)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The data file is written as little-endian float32.");
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], Version);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], seed);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], labels.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], validationRows);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], Inputs);
        // Written to a temporary name and moved, so a reader never sees half a file.
        string partial = path + ".partial";
        using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            file.Write(header);
            file.Write(MemoryMarshal.AsBytes(features.AsSpan()));
            file.Write(MemoryMarshal.AsBytes(labels.AsSpan()));
        }
        File.Move(partial, path, overwrite: true);
    }

    private static (TrainingData, TrainingData) Read(string path, ulong seed, int trainRows, int validationRows)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        Span<byte> header = stackalloc byte[HeaderSize];
        file.ReadExactly(header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic || BinaryPrimitives.ReadInt32LittleEndian(header[4..]) != Version)
            throw new InvalidDataException($"{path} is not a synthetic HIGGS file of version {Version}.");
        if (BinaryPrimitives.ReadUInt64LittleEndian(header[8..]) != seed
            || BinaryPrimitives.ReadInt32LittleEndian(header[16..]) != trainRows + validationRows
            || BinaryPrimitives.ReadInt32LittleEndian(header[20..]) != validationRows
            || BinaryPrimitives.ReadInt32LittleEndian(header[24..]) != Inputs)
            throw new InvalidDataException(
                $"{path} was made with another seed or other sizes than seed {seed}, {trainRows} + {validationRows} rows: delete it or name another file.");
        int rows = trainRows + validationRows;
        var features = new float[(long)rows * Inputs];
        var labels = new float[rows];
        file.ReadExactly(MemoryMarshal.AsBytes(features.AsSpan()));
        file.ReadExactly(MemoryMarshal.AsBytes(labels.AsSpan()));
        return Split(features, labels, trainRows);
    }

    private static (TrainingData, TrainingData) Split(float[] features, float[] labels, int trainRows) =>
        (new TrainingData(features[..(trainRows * Inputs)], labels[..trainRows], Inputs, 1),
         new TrainingData(features[(trainRows * Inputs)..], labels[trainRows..], Inputs, 1));
}
