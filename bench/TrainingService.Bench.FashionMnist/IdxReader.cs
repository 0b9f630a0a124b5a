using System.Buffers.Binary;
using System.IO.Compression;

namespace TrainingService.Bench.FashionMnist;

/// <summary>
/// Reads the IDX files MNIST-style data sets ship as (big-endian header: magic 0x0000_08_NN where NN is
/// the number of dimensions, then the dimension sizes, then unsigned bytes), plain or gzip-compressed.
/// </summary>
internal static class IdxReader
{
    /// <summary>Finds <c>name</c> or <c>name.gz</c> in <paramref name="directory"/>.</summary>
    public static string Locate(string directory, string name)
    {
        foreach (string candidate in new[] { name, name + ".gz" })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException(
            $"Neither {name} nor {name}.gz is in {directory}. Install the data set with `apt-get install dataset-fashion-mnist` or pass --data <dir>.");
    }

    /// <summary>Returns the dimension sizes and the raw bytes of an unsigned-byte IDX file.</summary>
    public static (int[] Dimensions, byte[] Data) Read(string path)
    {
        using Stream file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;
        Span<byte> header = stackalloc byte[4];
        stream.ReadExactly(header);
        if (header[0] != 0 || header[1] != 0 || header[2] != 0x08)
            throw new InvalidDataException($"{path} is not an unsigned-byte IDX file.");
        var dimensions = new int[header[3]];
        long count = 1;
        for (int d = 0; d < dimensions.Length; d++)
        {
            stream.ReadExactly(header);
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(header);
            count *= dimensions[d];
        }
        var data = new byte[count];
        stream.ReadExactly(data);
        return (dimensions, data);
    }
}
