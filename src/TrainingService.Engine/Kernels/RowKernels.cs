using System.Numerics.Tensors;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// Row-wise operations on row-major <c>[rows, width]</c> matrices. Each works one row at a time so
/// that a row stays in L1 between the passes TensorPrimitives makes over it.
/// </summary>
internal static class RowKernels
{
    /// <summary><c>matrix[r, :] += vector</c> for every row, in place.</summary>
    public static void AddRowVector(Span<float> matrix, ReadOnlySpan<float> vector, int rows, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = matrix.Slice(r * width, width);
            TensorPrimitives.Add(row, vector, row);
        }
    }

    /// <summary><c>sums[j] += Σ_r matrix[r, j]</c>, accumulated row by row in a fixed order (deterministic).</summary>
    public static void AccumulateColumnSums(ReadOnlySpan<float> matrix, Span<float> sums, int rows, int width)
    {
        Span<float> target = sums[..width];
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Add(target, matrix.Slice(r * width, width), target);
    }

    /// <summary>
    /// Numerically stable row-wise softmax: <c>y = exp(x − max(x)) / Σ exp(x − max(x))</c>.
    /// <paramref name="output"/> may be the same span as <paramref name="input"/>.
    /// </summary>
    public static void Softmax(ReadOnlySpan<float> input, Span<float> output, int rows, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> x = input.Slice(r * width, width);
            Span<float> y = output.Slice(r * width, width);
            float max = TensorPrimitives.Max(x);
            TensorPrimitives.Subtract(x, max, y);
            TensorPrimitives.Exp(y, y);
            TensorPrimitives.Multiply(y, 1f / TensorPrimitives.Sum(y), y);
        }
    }

    /// <summary>
    /// Softmax Jacobian-vector product from output y and incoming gradient g:
    /// <c>dx = y ⊙ (g − ⟨g, y⟩)</c> per row. <paramref name="inputGradient"/> may be the same span as g.
    /// </summary>
    public static void SoftmaxBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int rows, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> y = output.Slice(r * width, width);
            ReadOnlySpan<float> g = outputGradient.Slice(r * width, width);
            Span<float> dx = inputGradient.Slice(r * width, width);
            float dot = TensorPrimitives.Dot(g, y);
            TensorPrimitives.Subtract(g, dot, dx);
            TensorPrimitives.Multiply(dx, y, dx);
        }
    }
}
