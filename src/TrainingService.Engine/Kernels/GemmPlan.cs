namespace TrainingService.Engine.Kernels;

/// <summary>How one GEMM call is split: see <see cref="GemmJob.Plan"/>.</summary>
/// <param name="Threads">Threads to run it on, the caller's included; 1 runs it on the caller alone.</param>
/// <param name="Parts">Parts of C the threads claim; equal to <paramref name="Threads"/> when panels are shared.</param>
/// <param name="SplitRows">Parts are runs of row strips (else of column panels).</param>
/// <param name="SharePanels">The threads pack each B panel together and all read it.</param>
internal readonly record struct GemmPlan(int Threads, int Parts, bool SplitRows, bool SharePanels);
