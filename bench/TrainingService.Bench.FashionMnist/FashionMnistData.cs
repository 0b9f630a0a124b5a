using TrainingService.Engine.Training;

namespace TrainingService.Bench.FashionMnist;

/// <summary>Loads a Fashion-MNIST split: 28×28 pixels scaled to [0, 1], labels one-hot over 10 classes.</summary>
internal static class FashionMnistData
{
    public const int Pixels = 28 * 28;
    public const int Classes = 10;

    /// <param name="prefix"><c>train</c> or <c>t10k</c>.</param>
    public static TrainingData Load(string directory, string prefix)
    {
        var (imageDims, images) = IdxReader.Read(IdxReader.Locate(directory, $"{prefix}-images-idx3-ubyte"));
        var (labelDims, labels) = IdxReader.Read(IdxReader.Locate(directory, $"{prefix}-labels-idx1-ubyte"));
        if (imageDims.Length != 3 || imageDims[1] * imageDims[2] != Pixels || labelDims.Length != 1 || labelDims[0] != imageDims[0])
            throw new InvalidDataException($"{prefix}: expected N×28×28 images and N labels, got [{string.Join('x', imageDims)}] and [{string.Join('x', labelDims)}].");

        int rows = imageDims[0];
        var features = new float[rows * Pixels];
        for (int i = 0; i < features.Length; i++)
            features[i] = images[i] / 255f;
        var targets = new float[rows * Classes];
        for (int r = 0; r < rows; r++)
        {
            if (labels[r] >= Classes)
                throw new InvalidDataException($"{prefix}: label {labels[r]} at row {r} is not a Fashion-MNIST class.");
            targets[r * Classes + labels[r]] = 1f;
        }
        return new TrainingData(features, targets, Pixels, Classes);
    }
}
