using TrainingService.Engine.Training;

namespace TrainingService.Engine.Tests.Training;

/// <summary>Small synthetic problems with known answers, generated from fixed seeds.</summary>
internal static class TrainingDataSets
{
    /// <summary>XOR of two bits; one 0/1 target column.</summary>
    public static TrainingData Xor() => new([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], inputSize: 2, targetSize: 1);

    /// <summary>Two interleaved spirals of 1.5 turns, radius up to 3 (one-hot targets, 2 classes), points jittered from a fixed seed.</summary>
    public static TrainingData Spirals(int pointsPerClass, ulong seed)
    {
        var random = new SeededRandom(seed);
        int rows = 2 * pointsPerClass;
        var features = new float[rows * 2];
        var targets = new float[rows * 2];
        for (int i = 0; i < pointsPerClass; i++)
        {
            // Radius grows with the angle over 1.5 turns; the second class is the first rotated by π.
            double t = (double)i / pointsPerClass;
            double angle = 3 * Math.PI * t;
            double radius = 3 * (0.1 + 0.9 * t);
            for (int c = 0; c < 2; c++)
            {
                int row = 2 * i + c;
                double a = angle + c * Math.PI;
                features[row * 2] = (float)(radius * Math.Cos(a) + 0.03 * random.NextGaussian());
                features[row * 2 + 1] = (float)(radius * Math.Sin(a) + 0.03 * random.NextGaussian());
                targets[row * 2 + c] = 1f;
            }
        }
        return new TrainingData(features, targets, 2, 2);
    }

    /// <summary>y = sin(x) for x uniform in [-3, 3].</summary>
    public static TrainingData Sine(int rows, ulong seed)
    {
        var random = new SeededRandom(seed);
        var x = new float[rows];
        var y = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i] = (float)(6 * random.NextDouble() - 3);
            y[i] = MathF.Sin(x[i]);
        }
        return new TrainingData(x, y, 1, 1);
    }

    /// <summary>A random regression data set: targets a fixed smooth function of the features plus noise.</summary>
    public static TrainingData Regression(int rows, int inputs, int outputs, ulong seed)
    {
        var random = new SeededRandom(seed);
        var features = new float[rows * inputs];
        var targets = new float[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int i = 0; i < inputs; i++)
            {
                features[r * inputs + i] = (float)random.NextGaussian();
                sum += features[r * inputs + i] * (i % 2 == 0 ? 1 : -0.5);
            }
            for (int o = 0; o < outputs; o++)
                targets[r * outputs + o] = (float)(Math.Tanh(sum + o) + 0.1 * random.NextGaussian());
        }
        return new TrainingData(features, targets, inputs, outputs);
    }
}
