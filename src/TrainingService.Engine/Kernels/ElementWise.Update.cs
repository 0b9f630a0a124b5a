using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrainingService.Engine.Kernels;

// The in-place updates of optimizers: a value span, its input and one or two state spans, all of the value's length,
// none overlapping another. Same dispatch as the maps: widest accelerated vector first, then narrower, then scalar.
internal static partial class ElementWise
{
    /// <summary><c>(w[i], s[i]) ← op(w[i], g[i], s[i])</c> for every i of <paramref name="w"/>.</summary>
    public static void Update<TOp>(TOp op, Span<float> w, ReadOnlySpan<float> g, Span<float> s)
        where TOp : struct, IOneSlotUpdateKernel
    {
        int n = w.Length;
        CheckInput(g, n);
        CheckDestination(s, n);
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float sr = ref MemoryMarshal.GetReference(s);
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated)
            for (; i + (nuint)Vector512<float>.Count <= count; i += (nuint)Vector512<float>.Count)
            {
                var si = Vector512.LoadUnsafe(ref sr, i);
                op.Invoke(Vector512.LoadUnsafe(ref wr, i), Vector512.LoadUnsafe(ref gr, i), ref si).StoreUnsafe(ref wr, i);
                si.StoreUnsafe(ref sr, i);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i + (nuint)Vector256<float>.Count <= count; i += (nuint)Vector256<float>.Count)
            {
                var si = Vector256.LoadUnsafe(ref sr, i);
                op.Invoke(Vector256.LoadUnsafe(ref wr, i), Vector256.LoadUnsafe(ref gr, i), ref si).StoreUnsafe(ref wr, i);
                si.StoreUnsafe(ref sr, i);
            }
        if (Vector128.IsHardwareAccelerated)
            for (; i + (nuint)Vector128<float>.Count <= count; i += (nuint)Vector128<float>.Count)
            {
                var si = Vector128.LoadUnsafe(ref sr, i);
                op.Invoke(Vector128.LoadUnsafe(ref wr, i), Vector128.LoadUnsafe(ref gr, i), ref si).StoreUnsafe(ref wr, i);
                si.StoreUnsafe(ref sr, i);
            }
        for (; i < count; i++)
            Unsafe.Add(ref wr, i) = op.Invoke(Unsafe.Add(ref wr, i), Unsafe.Add(ref gr, i), ref Unsafe.Add(ref sr, i));
    }

    /// <summary><c>(w[i], s1[i], s2[i]) ← op(w[i], g[i], s1[i], s2[i])</c> for every i of <paramref name="w"/>.</summary>
    public static void Update<TOp>(TOp op, Span<float> w, ReadOnlySpan<float> g, Span<float> s1, Span<float> s2)
        where TOp : struct, ITwoSlotUpdateKernel
    {
        int n = w.Length;
        CheckInput(g, n);
        CheckDestination(s1, n);
        CheckDestination(s2, n);
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float ar = ref MemoryMarshal.GetReference(s1);
        ref float br = ref MemoryMarshal.GetReference(s2);
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated)
            for (; i + (nuint)Vector512<float>.Count <= count; i += (nuint)Vector512<float>.Count)
            {
                var a = Vector512.LoadUnsafe(ref ar, i);
                var b = Vector512.LoadUnsafe(ref br, i);
                op.Invoke(Vector512.LoadUnsafe(ref wr, i), Vector512.LoadUnsafe(ref gr, i), ref a, ref b).StoreUnsafe(ref wr, i);
                a.StoreUnsafe(ref ar, i);
                b.StoreUnsafe(ref br, i);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i + (nuint)Vector256<float>.Count <= count; i += (nuint)Vector256<float>.Count)
            {
                var a = Vector256.LoadUnsafe(ref ar, i);
                var b = Vector256.LoadUnsafe(ref br, i);
                op.Invoke(Vector256.LoadUnsafe(ref wr, i), Vector256.LoadUnsafe(ref gr, i), ref a, ref b).StoreUnsafe(ref wr, i);
                a.StoreUnsafe(ref ar, i);
                b.StoreUnsafe(ref br, i);
            }
        if (Vector128.IsHardwareAccelerated)
            for (; i + (nuint)Vector128<float>.Count <= count; i += (nuint)Vector128<float>.Count)
            {
                var a = Vector128.LoadUnsafe(ref ar, i);
                var b = Vector128.LoadUnsafe(ref br, i);
                op.Invoke(Vector128.LoadUnsafe(ref wr, i), Vector128.LoadUnsafe(ref gr, i), ref a, ref b).StoreUnsafe(ref wr, i);
                a.StoreUnsafe(ref ar, i);
                b.StoreUnsafe(ref br, i);
            }
        for (; i < count; i++)
            Unsafe.Add(ref wr, i) = op.Invoke(Unsafe.Add(ref wr, i), Unsafe.Add(ref gr, i), ref Unsafe.Add(ref ar, i), ref Unsafe.Add(ref br, i));
    }
}
