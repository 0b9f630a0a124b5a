namespace TrainingService.Engine.Kernels;

/// <summary>
/// The Goto/BLIS loop nest around one micro-kernel, over one rectangle of C owned by one thread:
/// for each Nc column block and Kc depth block, pack op(B) once; then for each Mr row strip pack
/// op(A) and sweep the strip across the packed B panel. A B packed beforehand (<see cref="PackedMatrix"/>) is read in
/// place: same Kc blocks, same panels, so the same sums.
/// </summary>
internal static unsafe class GemmDriver<TKernel>
    where TKernel : struct, IGemmMicroKernel
{
    public static void Run(in GemmOperands op, int row0, int row1, int col0, int col1)
    {
        GemmScratch scratch = GemmScratch.Current;
        int kcBlock = GemmBlocking.Balanced(op.K, GemmBlocking.KcMax, 8);
        PackedMatrix? packed = op.PackedB;
        int ncBlock = GemmBlocking.Balanced(col1 - col0, GemmBlocking.NcMax, TKernel.Nr);
        for (int jc = col0; jc < col1; jc += ncBlock)
        {
            int nc = Math.Min(ncBlock, col1 - jc);
            for (int pc = 0; pc < op.K; pc += kcBlock)
            {
                int kc = Math.Min(kcBlock, op.K - pc);
                float* b = scratch.PackedB;
                if (packed is null)
                    GemmPacking.PackB(op, pc, kc, jc, nc, TKernel.Nr, b);
                else
                    b = packed.Panels(pc, kc, jc);
                bool accumulate = op.Accumulate || pc > 0;
                for (int ir = row0; ir < row1; ir += TKernel.Mr)
                {
                    int mr = Math.Min(TKernel.Mr, row1 - ir);
                    GemmPacking.PackA(op, ir, mr, pc, kc, TKernel.Mr, scratch.PackedA);
                    SweepRowStrip(op, scratch, b, ir, mr, jc, nc, kc, accumulate);
                }
            }
        }
    }

    private static void SweepRowStrip(
        in GemmOperands op, GemmScratch scratch, float* b, int ir, int mr, int jc, int nc, int kc, bool accumulate)
    {
        float* c = op.C + (nint)ir * op.Ldc + jc;
        nint panelStride = (nint)kc * TKernel.Nr;
        for (int jr = 0; jr < nc; jr += TKernel.Nr, b += panelStride)
        {
            int nr = Math.Min(TKernel.Nr, nc - jr);
            if (mr == TKernel.Mr && nr == TKernel.Nr)
                TKernel.Run(kc, scratch.PackedA, b, c + jr, op.Ldc, accumulate);
            else
                RunEdgeTile(scratch, b, c + jr, op.Ldc, mr, nr, kc, accumulate);
        }
    }

    private static void RunEdgeTile(
        GemmScratch scratch, float* b, float* c, nint ldc, int mr, int nr, int kc, bool accumulate)
    {
        // The full kernel writes into a scratch tile (the padding is zeros), then only the part of it
        // inside C is copied; the sums are formed exactly as a full tile would form them.
        float* tile = scratch.EdgeTile;
        if (TKernel.HasHalfWidth && nr <= TKernel.Nr / 2)
            TKernel.RunHalfWidth(kc, scratch.PackedA, b, tile, TKernel.Nr, accumulate: false);
        else
            TKernel.Run(kc, scratch.PackedA, b, tile, TKernel.Nr, accumulate: false);
        for (int i = 0; i < mr; i++)
        {
            float* src = tile + i * TKernel.Nr;
            float* dst = c + i * ldc;
            if (accumulate)
            {
                for (int j = 0; j < nr; j++) dst[j] += src[j];
            }
            else
            {
                new ReadOnlySpan<float>(src, nr).CopyTo(new Span<float>(dst, nr));
            }
        }
    }
}
