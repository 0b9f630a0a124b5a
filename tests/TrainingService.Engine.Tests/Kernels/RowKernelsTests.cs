using TrainingService.Engine.Kernels;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Kernels;

public sealed class RowKernelsTests
{
    [Theory]
    [MemberData(nameof(TestData.OddShapes), MemberType = typeof(TestData))]
    public void AccumulateColumnSums_OddShapes_MatchesDoubleReference(int rows, int width)
    {
        float[] m = TestData.Uniform(rows * width, seed: 31);
        float[] sums = TestData.Uniform(width, seed: 32);
        var expected = new double[width];
        for (int j = 0; j < width; j++)
        {
            expected[j] = sums[j];
            for (int r = 0; r < rows; r++) expected[j] += m[r * width + j];
        }

        RowKernels.AccumulateColumnSums(m, sums, rows, width);

        Reference.AssertAllClose(expected, sums, rel: 1e-5, abs: 1e-5);
    }

    [Theory]
    [MemberData(nameof(TestData.OddShapes), MemberType = typeof(TestData))]
    public void AddRowVector_OddShapes_AddsToEveryRow(int rows, int width)
    {
        float[] m = TestData.Uniform(rows * width, seed: 33);
        float[] v = TestData.Uniform(width, seed: 34);
        double[] expected = m.Select((x, i) => (double)(x + v[i % width])).ToArray();

        RowKernels.AddRowVector(m, v, rows, width);

        Reference.AssertAllClose(expected, m, rel: 0, abs: 0);
    }

    [Theory]
    [MemberData(nameof(TestData.OddShapes), MemberType = typeof(TestData))]
    public void Softmax_OddShapes_MatchesDoubleReference(int rows, int width)
    {
        float[] x = TestData.Uniform(rows * width, seed: 35, scale: 20f);
        var y = new float[x.Length];

        RowKernels.Softmax(x, y, rows, width);

        Reference.AssertAllClose(Activations.ActivationReference.Forward(Engine.Activations.ActivationKind.Softmax, 0, x, rows, width), y, rel: 1e-5, abs: 1e-7);
    }

    [Theory]
    [MemberData(nameof(TestData.OddShapes), MemberType = typeof(TestData))]
    public void SoftmaxBackward_OddShapes_MatchesDoubleReference(int rows, int width)
    {
        float[] x = TestData.Uniform(rows * width, seed: 36, scale: 3f);
        float[] g = TestData.Uniform(rows * width, seed: 37);
        float[] y = new float[x.Length], dx = new float[x.Length];
        RowKernels.Softmax(x, y, rows, width);

        RowKernels.SoftmaxBackward(y, g, dx, rows, width);

        Reference.AssertAllClose(Activations.ActivationReference.Backward(Engine.Activations.ActivationKind.Softmax, 0, x, g, rows, width), dx, rel: 1e-4, abs: 1e-6);
    }
}
