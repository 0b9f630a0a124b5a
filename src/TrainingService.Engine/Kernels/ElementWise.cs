using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

/// <summary>
/// Applies an element-wise kernel over spans, widest hardware-accelerated vector first
/// (<see cref="Vector512"/> → <see cref="Vector256"/> → <see cref="Vector128"/> → scalar), for the
/// fused operations <see cref="System.Numerics.Tensors.TensorPrimitives"/> does not offer.
/// The destination may be the same span as an input (each element is read before it is written)
/// but must not partially overlap one. Lengths are checked once, before the loops.
/// </summary>
internal static partial class ElementWise
{
    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> destination)
        where TOp : struct, IUnaryKernel
    {
        int n = x.Length;
        CheckDestination(destination, n);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated)
            for (; i + (nuint)Vector512<float>.Count <= count; i += (nuint)Vector512<float>.Count)
                op.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + (nuint)Vector256<float>.Count <= count; i += (nuint)Vector256<float>.Count)
                op.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        if (Vector128.IsHardwareAccelerated)
            for (; i + (nuint)Vector128<float>.Count <= count; i += (nuint)Vector128<float>.Count)
                op.Invoke(Vector128.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        for (; i < count; i++)
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i));
    }

    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : struct, IBinaryKernel
    {
        int n = x.Length;
        CheckInput(y, n);
        CheckDestination(destination, n);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated)
            for (; i + (nuint)Vector512<float>.Count <= count; i += (nuint)Vector512<float>.Count)
                op.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + (nuint)Vector256<float>.Count <= count; i += (nuint)Vector256<float>.Count)
                op.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        if (Vector128.IsHardwareAccelerated)
            for (; i + (nuint)Vector128<float>.Count <= count; i += (nuint)Vector128<float>.Count)
                op.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        for (; i < count; i++)
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> destination)
        where TOp : struct, ITernaryKernel
    {
        int n = x.Length;
        CheckInput(y, n);
        CheckInput(z, n);
        CheckDestination(destination, n);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated)
            for (; i + (nuint)Vector512<float>.Count <= count; i += (nuint)Vector512<float>.Count)
                op.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i), Vector512.LoadUnsafe(ref zr, i)).StoreUnsafe(ref dr, i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + (nuint)Vector256<float>.Count <= count; i += (nuint)Vector256<float>.Count)
                op.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i), Vector256.LoadUnsafe(ref zr, i)).StoreUnsafe(ref dr, i);
        if (Vector128.IsHardwareAccelerated)
            for (; i + (nuint)Vector128<float>.Count <= count; i += (nuint)Vector128<float>.Count)
                op.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i), Vector128.LoadUnsafe(ref zr, i)).StoreUnsafe(ref dr, i);
        for (; i < count; i++)
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), Unsafe.Add(ref zr, i));
    }

    /// <summary>
    /// Fused bias + activation over a row-major <c>[rows, width]</c> matrix: for every row,
    /// <c>pre ← pre + bias</c> in place and <c>output = f(pre)</c>, in one pass.
    /// <paramref name="output"/> must not overlap <paramref name="preActivation"/>.
    /// </summary>
    public static void MapWithBias<TOp>(TOp op, Span<float> preActivation, ReadOnlySpan<float> bias, Span<float> output, int rows, int width)
        where TOp : struct, IUnaryKernel
    {
        CheckInput(bias, width);
        CheckDestination(preActivation, rows * width);
        CheckDestination(output, rows * width);
        for (int r = 0; r < rows; r++)
            MapRowWithBias(op, preActivation.Slice(r * width, width), bias, output.Slice(r * width, width));
    }

    private static void MapRowWithBias<TOp>(TOp op, Span<float> pre, ReadOnlySpan<float> bias, Span<float> output)
        where TOp : struct, IUnaryKernel
    {
        ref float pr = ref MemoryMarshal.GetReference(pre);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float or = ref MemoryMarshal.GetReference(output);
        nuint i = 0, count = (nuint)pre.Length;
        if (Vector512.IsHardwareAccelerated)
            for (; i + (nuint)Vector512<float>.Count <= count; i += (nuint)Vector512<float>.Count)
            {
                var t = Vector512.LoadUnsafe(ref pr, i) + Vector512.LoadUnsafe(ref br, i);
                t.StoreUnsafe(ref pr, i);
                op.Invoke(t).StoreUnsafe(ref or, i);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i + (nuint)Vector256<float>.Count <= count; i += (nuint)Vector256<float>.Count)
            {
                var t = Vector256.LoadUnsafe(ref pr, i) + Vector256.LoadUnsafe(ref br, i);
                t.StoreUnsafe(ref pr, i);
                op.Invoke(t).StoreUnsafe(ref or, i);
            }
        if (Vector128.IsHardwareAccelerated)
            for (; i + (nuint)Vector128<float>.Count <= count; i += (nuint)Vector128<float>.Count)
            {
                var t = Vector128.LoadUnsafe(ref pr, i) + Vector128.LoadUnsafe(ref br, i);
                t.StoreUnsafe(ref pr, i);
                op.Invoke(t).StoreUnsafe(ref or, i);
            }
        for (; i < count; i++)
        {
            float t = Unsafe.Add(ref pr, i) + Unsafe.Add(ref br, i);
            Unsafe.Add(ref pr, i) = t;
            Unsafe.Add(ref or, i) = op.Invoke(t);
        }
    }

    private static void CheckInput(ReadOnlySpan<float> input, int length)
    {
        if (input.Length < length)
            throw new ArgumentException($"Input has {input.Length} elements; {length} are needed.", nameof(input));
    }

    private static void CheckDestination(Span<float> destination, int length)
    {
        if (destination.Length < length)
            throw new ArgumentException($"Destination has {destination.Length} elements; {length} are needed.", nameof(destination));
    }
}
