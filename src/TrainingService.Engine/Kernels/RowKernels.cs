using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>
    /// <c>sums[j] += Σ_r matrix[r, j]</c>, each column accumulated row by row in a fixed order
    /// (deterministic, and the same bits at every vector width). Blocks of columns are held in
    /// registers while the rows stream past, so each element is read once and each sum written once.
    /// </summary>
    public static void AccumulateColumnSums(ReadOnlySpan<float> matrix, Span<float> sums, int rows, int width)
    {
        if (sums.Length < width || matrix.Length < (long)rows * width)
            throw new ArgumentException($"Column sums of a [{rows}, {width}] matrix need {rows * width} inputs and {width} sums.");
        ref float mr = ref MemoryMarshal.GetReference(matrix);
        ref float sr = ref MemoryMarshal.GetReference(sums);
        nuint stride = (nuint)width, count = (nuint)width, j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            nuint lanes = (nuint)Vector512<float>.Count;
            for (; j + 4 * lanes <= count; j += 4 * lanes)
            {
                var s0 = Vector512.LoadUnsafe(ref sr, j);
                var s1 = Vector512.LoadUnsafe(ref sr, j + lanes);
                var s2 = Vector512.LoadUnsafe(ref sr, j + 2 * lanes);
                var s3 = Vector512.LoadUnsafe(ref sr, j + 3 * lanes);
                for (nuint r = 0, at = j; r < (nuint)rows; r++, at += stride)
                {
                    s0 += Vector512.LoadUnsafe(ref mr, at);
                    s1 += Vector512.LoadUnsafe(ref mr, at + lanes);
                    s2 += Vector512.LoadUnsafe(ref mr, at + 2 * lanes);
                    s3 += Vector512.LoadUnsafe(ref mr, at + 3 * lanes);
                }
                s0.StoreUnsafe(ref sr, j);
                s1.StoreUnsafe(ref sr, j + lanes);
                s2.StoreUnsafe(ref sr, j + 2 * lanes);
                s3.StoreUnsafe(ref sr, j + 3 * lanes);
            }
            for (; j + lanes <= count; j += lanes)
            {
                var s0 = Vector512.LoadUnsafe(ref sr, j);
                for (nuint r = 0, at = j; r < (nuint)rows; r++, at += stride)
                    s0 += Vector512.LoadUnsafe(ref mr, at);
                s0.StoreUnsafe(ref sr, j);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            nuint lanes = (nuint)Vector256<float>.Count;
            for (; j + 4 * lanes <= count; j += 4 * lanes)
            {
                var s0 = Vector256.LoadUnsafe(ref sr, j);
                var s1 = Vector256.LoadUnsafe(ref sr, j + lanes);
                var s2 = Vector256.LoadUnsafe(ref sr, j + 2 * lanes);
                var s3 = Vector256.LoadUnsafe(ref sr, j + 3 * lanes);
                for (nuint r = 0, at = j; r < (nuint)rows; r++, at += stride)
                {
                    s0 += Vector256.LoadUnsafe(ref mr, at);
                    s1 += Vector256.LoadUnsafe(ref mr, at + lanes);
                    s2 += Vector256.LoadUnsafe(ref mr, at + 2 * lanes);
                    s3 += Vector256.LoadUnsafe(ref mr, at + 3 * lanes);
                }
                s0.StoreUnsafe(ref sr, j);
                s1.StoreUnsafe(ref sr, j + lanes);
                s2.StoreUnsafe(ref sr, j + 2 * lanes);
                s3.StoreUnsafe(ref sr, j + 3 * lanes);
            }
            for (; j + lanes <= count; j += lanes)
            {
                var s0 = Vector256.LoadUnsafe(ref sr, j);
                for (nuint r = 0, at = j; r < (nuint)rows; r++, at += stride)
                    s0 += Vector256.LoadUnsafe(ref mr, at);
                s0.StoreUnsafe(ref sr, j);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            nuint lanes = (nuint)Vector128<float>.Count;
            for (; j + lanes <= count; j += lanes)
            {
                var s0 = Vector128.LoadUnsafe(ref sr, j);
                for (nuint r = 0, at = j; r < (nuint)rows; r++, at += stride)
                    s0 += Vector128.LoadUnsafe(ref mr, at);
                s0.StoreUnsafe(ref sr, j);
            }
        }
        for (; j < count; j++)
        {
            float s0 = Unsafe.Add(ref sr, j);
            for (nuint r = 0, at = j; r < (nuint)rows; r++, at += stride)
                s0 += Unsafe.Add(ref mr, at);
            Unsafe.Add(ref sr, j) = s0;
        }
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
