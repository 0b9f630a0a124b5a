namespace TrainingService.Engine.Kernels;

/// <summary>
/// The Goto/BLIS loop nest around one micro-kernel: for each Nc column block and Kc depth block, pack
/// op(B) once; then for each Mr row strip pack op(A) and sweep the strip across the packed B panel.
/// <see cref="Run"/> covers one rectangle of C with this thread's own panel; <see cref="RunSharedPart"/>
/// is one thread's share of a call whose threads pack and read each B panel together.
/// </summary>
internal static unsafe class GemmDriver<TKernel>
    where TKernel : struct, IGemmMicroKernel
{
    public static void Run(in GemmOperands op, int row0, int row1, int col0, int col1)
    {
        GemmScratch scratch = GemmScratch.Current;
        int kcBlock = KcBlock(op.K);
        int ncBlock = GemmBlocking.Balanced(col1 - col0, GemmBlocking.NcMax, TKernel.Nr);
        for (int jc = col0; jc < col1; jc += ncBlock)
        {
            int nc = Math.Min(ncBlock, col1 - jc);
            for (int pc = 0; pc < op.K; pc += kcBlock)
            {
                int kc = Math.Min(kcBlock, op.K - pc);
                GemmPacking.PackB(op, pc, kc, jc, nc, TKernel.Nr, scratch.PackedB);
                for (int ir = row0; ir < row1; ir += TKernel.Mr)
                    SweepRowStrip(op, scratch, scratch.PackedB, ir, Math.Min(TKernel.Mr, row1 - ir), jc, nc, pc, kc);
            }
        }
    }

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/>, each on its own thread at the same time:
    /// per block, pack this part's slice of the shared B panel, wait for the other slices, then sweep
    /// row strips, its own first (<see cref="GemmSharedPanels.ClaimStrip"/>). Blocks are the same as <see cref="Run"/>'s over all
    /// of C, so every tile is summed exactly as it would be there.
    /// </summary>
    public static void RunSharedPart(in GemmOperands op, GemmSharedPanels shared, int part, int parts)
    {
        GemmScratch scratch = GemmScratch.Current;
        int kcBlock = KcBlock(op.K);
        int ncBlock = GemmBlocking.Balanced(op.N, GemmBlocking.NcMax, TKernel.Nr);
        int strips = (op.M + TKernel.Mr - 1) / TKernel.Mr;
        int block = 0;
        for (int jc = 0; jc < op.N; jc += ncBlock)
        {
            int nc = Math.Min(ncBlock, op.N - jc);
            for (int pc = 0; pc < op.K; pc += kcBlock, block++)
            {
                int kc = Math.Min(kcBlock, op.K - pc);
                float* panel = shared.Panel(block);
                PackPanelSlice(op, panel, part, parts, jc, nc, pc, kc);
                shared.Barrier.SignalAndWait();
                if (part == 0) shared.RewindStrips(block + 1, parts);
                int strip;
                while ((strip = shared.ClaimStrip(block, part, parts, strips)) >= 0)
                {
                    int ir = strip * TKernel.Mr;
                    SweepRowStrip(op, scratch, panel, ir, Math.Min(TKernel.Mr, op.M - ir), jc, nc, pc, kc);
                }
            }
        }
    }

    // Balanced over all of K whatever the partition: the depth blocks fix the order of the sums.
    private static int KcBlock(int k) => GemmBlocking.Balanced(k, GemmBlocking.KcMax, 8);

    private static void PackPanelSlice(in GemmOperands op, float* panel, int part, int parts, int jc, int nc, int pc, int kc)
    {
        int microPanels = (nc + TKernel.Nr - 1) / TKernel.Nr;
        int first = microPanels * part / parts;
        int last = microPanels * (part + 1) / parts;
        int j0 = first * TKernel.Nr;
        int cols = Math.Min(last * TKernel.Nr, nc) - j0;
        if (cols > 0) GemmPacking.PackB(op, pc, kc, jc + j0, cols, TKernel.Nr, panel + (nint)j0 * kc);
    }

    private static void SweepRowStrip(
        in GemmOperands op, GemmScratch scratch, float* packedB, int ir, int mr, int jc, int nc, int pc, int kc)
    {
        GemmPacking.PackA(op, ir, mr, pc, kc, TKernel.Mr, scratch.PackedA);
        bool accumulate = op.Accumulate || pc > 0;
        float* b = packedB;
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
