using System.Runtime.CompilerServices;
using TrainingService.Core.Datasets;

namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// Turns loaded feature columns into input rows laid out by <see cref="FittedPreprocessing.Layout"/>, on a few
/// threads. Whatever the thread count, a missing value under the 'error' policy is reported for the first row (then
/// column) that has one.
/// </summary>
internal sealed class ColumnFeatureEncoder(FittedPreprocessing preprocessing)
{
    // Row blocks, then columns: a whole column at a time would write one float per output row, each a row length
    // apart, and miss the cache on nearly every write of a wide table.
    private const int BlockRows = 64;

    private readonly NumericSlotScaler _scaler = new(preprocessing);

    /// <param name="columns">The feature columns in the order of <see cref="FittedPreprocessing.Features"/>.</param>
    /// <param name="gatherNumeric">Whether to copy the numeric columns' values into their slots first; without, the
    /// slots already hold them (see <see cref="FeatureMatrixBuilder"/>) and numeric columns are not read.</param>
    public void Encode(IReadOnlyList<DatasetColumnData> columns, int[] rows, float[] output, int maxThreads, bool gatherNumeric)
    {
        var features = preprocessing.Features;
        int width = preprocessing.Layout.Width;
        int[]?[] categoryMaps = [.. features.Select((f, i) => f.IsCategorical ? CategoryMatch.Map(f, columns[i].Categories) : null)];
        int blocks = (rows.Length + BlockRows - 1) / BlockRows;
        int threads = OrderedParallel.Threads((long)rows.Length * width, blocks, maxThreads);
        // Each part is a contiguous run of row blocks, so the first failing part holds the first failing row.
        OrderedParallel.For(threads, threads, t =>
        {
            for (int b = blocks * t / threads, end = blocks * (t + 1) / threads; b < end; b++)
            {
                int start = b * BlockRows;
                var block = rows.AsSpan(start, Math.Min(BlockRows, rows.Length - start));
                var blockOutput = output.AsSpan(start * width, block.Length * width);
                if (gatherNumeric)
                    GatherNumeric(columns, block, blockOutput);
                EncodeBlock(columns, categoryMaps, block, blockOutput);
            }
        });
    }

    /// <summary>Puts each numeric feature's raw value into its slot, the state <see cref="EncodeBlock"/> starts from.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GatherNumeric(IReadOnlyList<DatasetColumnData> columns, ReadOnlySpan<int> rows, Span<float> output)
    {
        var layout = preprocessing.Layout;
        foreach (int f in layout.NumericFeatures)
        {
            float[] values = columns[f].Values;
            for (int r = 0, at = layout.Offsets[f]; r < rows.Length; r++, at += layout.Width)
                output[at] = values[rows[r]];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EncodeBlock(IReadOnlyList<DatasetColumnData> columns, int[]?[] categoryMaps, ReadOnlySpan<int> rows, Span<float> output)
    {
        var layout = preprocessing.Layout;
        for (int r = 0; r < rows.Length; r++)
        {
            var row = output.Slice(r * layout.Width, layout.Width);
            _scaler.ScaleRow(row, rows[r]);
            foreach (var (f, offset, width) in layout.OneHotBlocks)
            {
                float value = columns[f].Values[rows[r]];
                var cell = row.Slice(offset, width);
                cell.Clear();
                CategoryMatch.WriteOneHot(cell, float.IsNaN(value) ? -1 : categoryMaps[f]![(int)value]);
            }
        }
    }
}
