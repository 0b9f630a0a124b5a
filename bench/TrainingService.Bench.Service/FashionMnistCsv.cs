using System.Text;
using TrainingService.Bench.FashionMnist;

namespace TrainingService.Bench.Service;

/// <summary>Writes the Fashion-MNIST training split as CSV: header <c>label,p0..p783</c>, then one row per image, the label and the 784 pixels as integers 0-255.</summary>
public static class FashionMnistCsv
{
    public static (int Rows, long Bytes) Write(string dataDirectory, string path)
    {
        var (imageDims, images) = IdxReader.Read(IdxReader.Locate(dataDirectory, "train-images-idx3-ubyte"));
        var (_, labels) = IdxReader.Read(IdxReader.Locate(dataDirectory, "train-labels-idx1-ubyte"));
        int rows = imageDims[0];
        const int pixels = FashionMnistData.Pixels;
        if (images.Length != (long)rows * pixels || labels.Length != rows)
            throw new InvalidDataException($"Expected {rows} images of {pixels} pixels and as many labels.");

        // Digits of 0..255 as ASCII, looked up rather than formatted: the file is ~130 MB.
        var digits = new byte[256][];
        for (int v = 0; v < 256; v++)
            digits[v] = Encoding.ASCII.GetBytes(v.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var header = new StringBuilder("label");
        for (int p = 0; p < pixels; p++)
            header.Append(",p").Append(p);
        header.Append('\n');
        file.Write(Encoding.ASCII.GetBytes(header.ToString()));

        var line = new byte[4 * (pixels + 1)];
        int at = 0;
        for (int r = 0; r < rows; r++)
        {
            at = 0;
            Append(digits[labels[r]]);
            ReadOnlySpan<byte> image = images.AsSpan(r * pixels, pixels);
            for (int p = 0; p < pixels; p++)
            {
                line[at++] = (byte)',';
                Append(digits[image[p]]);
            }
            line[at++] = (byte)'\n';
            file.Write(line, 0, at);
        }
        return (rows, file.Length);

        void Append(byte[] text)
        {
            text.CopyTo(line, at);
            at += text.Length;
        }
    }
}
