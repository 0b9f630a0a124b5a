using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TrainingService.Core.Datasets;
using TrainingService.Core.Models;

namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// The preprocessing a model was trained with: feature encodings fitted on the training split only, the target
/// encoding and the missing-value policy. Turns loaded columns (training) or raw values (predictions) into the
/// network's row-major input rows.
/// </summary>
public sealed class FittedPreprocessing(IReadOnlyList<FeatureEncoding> features, TargetEncoding target, MissingValueStrategy missing)
{
    public IReadOnlyList<FeatureEncoding> Features { get; } = features;

    public TargetEncoding Target { get; } = target;

    public MissingValueStrategy Missing { get; } = missing;

    public int InputWidth { get; } = features.Sum(f => f.Width);

    /// <summary>Writes the input rows of <paramref name="rows"/> into <paramref name="output"/> (<c>[rows, InputWidth]</c>).</summary>
    /// <param name="columns">The feature columns in the order of <see cref="Features"/>.</param>
    /// <param name="maxThreads">Threads to split the rows over. Whatever the count, a missing value under the 'error'
    /// policy is reported for the first row (then column) that has one.</param>
    public void EncodeFeatures(IReadOnlyList<DatasetColumnData> columns, int[] rows, float[] output, int maxThreads = 1) =>
        EncodeRows(columns, rows, output, maxThreads, gatherNumeric: true);

    /// <summary>
    /// Encodes <paramref name="matrix"/> (<c>[rows, InputWidth]</c>) in place, where each numeric feature's slot
    /// already holds the raw value of row <paramref name="rows"/>[i] (see <see cref="FeatureMatrixBuilder"/>); the
    /// categorical blocks are written from <paramref name="columns"/>, whose numeric entries are not read.
    /// Missing values are handled as in <see cref="EncodeFeatures"/>.
    /// </summary>
    public void EncodeInPlace(IReadOnlyList<DatasetColumnData> columns, int[] rows, float[] matrix, int maxThreads = 1) =>
        EncodeRows(columns, rows, matrix, maxThreads, gatherNumeric: false);

    private void EncodeRows(IReadOnlyList<DatasetColumnData> columns, int[] rows, float[] output, int maxThreads, bool gatherNumeric)
    {
        int[]?[] categoryMaps = Features.Select((f, i) => f.IsCategorical ? MapCategories(f, columns[i].Categories) : null).ToArray();
        int blocks = (rows.Length + EncodeBlockRows - 1) / EncodeBlockRows;
        int threads = OrderedParallel.Threads((long)rows.Length * InputWidth, blocks, maxThreads);
        // Each part is a contiguous run of row blocks, so the first failing part holds the first failing row.
        OrderedParallel.For(threads, threads, t =>
        {
            for (int b = blocks * t / threads, end = blocks * (t + 1) / threads; b < end; b++)
            {
                int start = b * EncodeBlockRows;
                var block = rows.AsSpan(start, Math.Min(EncodeBlockRows, rows.Length - start));
                var blockOutput = output.AsSpan(start * InputWidth, block.Length * InputWidth);
                if (gatherNumeric)
                    GatherNumeric(columns, block, blockOutput);
                EncodeBlock(columns, categoryMaps, block, blockOutput);
            }
        });
    }

    // Row blocks, then columns: a whole column at a time would write one float per output row, each a row length
    // apart, and miss the cache on nearly every write of a wide table.
    private const int EncodeBlockRows = 64;

    /// <summary>Puts each numeric feature's raw value into its slot, the state <see cref="EncodeBlock"/> starts from.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GatherNumeric(IReadOnlyList<DatasetColumnData> columns, ReadOnlySpan<int> rows, Span<float> output)
    {
        int offset = 0;
        for (int f = 0; f < Features.Count; f++)
        {
            if (!Features[f].IsCategorical)
            {
                float[] values = columns[f].Values;
                for (int r = 0, at = offset; r < rows.Length; r++, at += InputWidth)
                    output[at] = values[rows[r]];
            }

            offset += Features[f].Width;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EncodeBlock(IReadOnlyList<DatasetColumnData> columns, int[]?[] categoryMaps, ReadOnlySpan<int> rows, Span<float> output)
    {
        for (int r = 0; r < rows.Length; r++)
        {
            var row = output.Slice(r * InputWidth, InputWidth);
            EncodeNumericSlots(row, rows[r]);
            foreach (var (f, offset) in _slots.Categorical)
            {
                float value = columns[f].Values[rows[r]];
                var cell = row.Slice(offset, Features[f].Width);
                cell.Clear();
                WriteOneHot(cell, float.IsNaN(value) ? -1 : categoryMaps[f]![(int)value]);
            }
        }
    }

    /// <summary>Encodes the raw numeric values of one row in place: vectors over runs of numeric slots until a missing value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EncodeNumericSlots(Span<float> row, int datasetRow)
    {
        foreach (var (start, length) in _slots.Runs)
        {
            var values = row.Slice(start, length);
            var centers = _slots.Centers.AsSpan(start, length);
            var scales = _slots.Scales.AsSpan(start, length);
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + Vector256<float>.Count <= length; i += Vector256<float>.Count)
                {
                    var value = Vector256.Create(values.Slice(i, Vector256<float>.Count));
                    if (!Vector256.EqualsAll(value, value))
                        break; // a missing value: the loop below, which fills or reports it, takes over from here
                    ((value - Vector256.Create(centers.Slice(i, Vector256<float>.Count))) / Vector256.Create(scales.Slice(i, Vector256<float>.Count)))
                        .CopyTo(values.Slice(i, Vector256<float>.Count));
                }
            }

            // The same arithmetic as EncodeNumeric, which predictions use, and as the vectors above, lane by lane.
            for (; i < length; i++)
            {
                float value = values[i];
                values[i] = float.IsNaN(value)
                    ? EncodeNumeric(Features[_slots.FeatureOfSlot[start + i]], value, datasetRow)
                    : (value - centers[i]) / scales[i];
            }
        }
    }

    private readonly SlotLayout _slots = new(features);

    /// <summary>
    /// Where the features sit in an input row: per slot, the numeric feature's center, scale and position (categorical
    /// slots unused); the runs of consecutive numeric slots, so encoding a row is a few vector passes; and each
    /// categorical feature's position and first slot.
    /// </summary>
    private sealed class SlotLayout
    {
        public SlotLayout(IReadOnlyList<FeatureEncoding> features)
        {
            int width = features.Sum(f => f.Width);
            (Centers, Scales, FeatureOfSlot) = (new float[width], new float[width], new int[width]);
            var runs = new List<(int Start, int Length)>();
            var categorical = new List<(int Feature, int Offset)>();
            int slot = 0;
            for (int f = 0; f < features.Count; slot += features[f].Width, f++)
            {
                if (features[f].IsCategorical)
                {
                    categorical.Add((f, slot));
                    continue;
                }

                (Centers[slot], Scales[slot], FeatureOfSlot[slot]) = (features[f].Center, features[f].Scale, f);
                if (runs.Count > 0 && runs[^1].Start + runs[^1].Length == slot)
                    runs[^1] = (runs[^1].Start, runs[^1].Length + 1);
                else
                    runs.Add((slot, 1));
            }

            (Runs, Categorical) = ([.. runs], [.. categorical]);
        }

        public float[] Centers { get; }

        public float[] Scales { get; }

        public int[] FeatureOfSlot { get; }

        public (int Start, int Length)[] Runs { get; }

        public (int Feature, int Offset)[] Categorical { get; }
    }

    /// <summary>Fails naming the first column whose type differs from what the model was trained on.</summary>
    public void CheckColumnTypes(IReadOnlyList<DatasetColumnData> columns)
    {
        for (int f = 0; f < Features.Count; f++)
        {
            bool categorical = columns[f].Type == ColumnType.Categorical;
            if (categorical != Features[f].IsCategorical)
                throw new TrainingDataException(
                    $"Column '{Features[f].Name}' is {(categorical ? "categorical" : "numeric")} here but was {(Features[f].IsCategorical ? "categorical" : "numeric")} in training.");
        }
    }

    /// <summary>Per categorical feature, how many of <paramref name="rows"/> hold a category unseen in training (encoded as all zeros).</summary>
    public IEnumerable<(string Column, int Rows)> CountUnseenCategories(IReadOnlyList<DatasetColumnData> columns, ReadOnlySpan<int> rows)
    {
        var counts = new List<(string, int)>();
        for (int f = 0; f < Features.Count; f++)
        {
            if (!Features[f].IsCategorical)
                continue;
            int[] map = MapCategories(Features[f], columns[f].Categories);
            int unseen = 0;
            foreach (int row in rows)
            {
                float value = columns[f].Values[row];
                if (!float.IsNaN(value) && map[(int)value] < 0) unseen++;
            }

            if (unseen > 0) counts.Add((Features[f].Name, unseen));
        }

        return counts;
    }

    /// <summary>
    /// Writes the training targets of <paramref name="rows"/>: one-hot rows for more than two classes, 0/1 for
    /// two, the standardized value for regression. Rows must have a target (see <see cref="HasTarget"/>).
    /// </summary>
    public void EncodeTargets(DatasetColumnData target, ReadOnlySpan<int> rows, Span<float> output)
    {
        int width = Target.OutputWidth;
        output[..(rows.Length * width)].Clear();
        if (!Target.IsClassification)
        {
            for (int r = 0; r < rows.Length; r++)
                output[r] = (target.Values[rows[r]] - Target.Center) / Target.Scale;
            return;
        }

        var classOf = ClassLookup(target);
        for (int r = 0; r < rows.Length; r++)
        {
            int label = classOf(rows[r]);
            if (width == 1)
                output[r] = label;
            else
                output[r * width + label] = 1f;
        }
    }

    /// <summary>Class index of each row's target, for metrics; regression has none.</summary>
    public int[] ClassIndices(DatasetColumnData target, ReadOnlySpan<int> rows)
    {
        var classOf = ClassLookup(target);
        var classes = new int[rows.Length];
        for (int r = 0; r < rows.Length; r++)
            classes[r] = classOf(rows[r]);
        return classes;
    }

    public static bool HasTarget(DatasetColumnData target, int row) => !float.IsNaN(target.Values[row]);

    /// <summary>The label of a target value as the dataset stores it: the category, or the number written invariantly.</summary>
    public static string LabelOf(DatasetColumnData target, int row) => target.Type == ColumnType.Categorical
        ? target.Categories[(int)target.Values[row]]
        : target.Values[row].ToString(CultureInfo.InvariantCulture);

    public float EncodeNumeric(FeatureEncoding encoding, float value, int row)
    {
        if (float.IsNaN(value))
        {
            if (Missing == MissingValueStrategy.Error)
                throw new TrainingDataException($"Column '{encoding.Name}' has a missing value at data row {row + 1}, and the model's preprocessing.missing is 'error'.");
            value = encoding.Fill;
        }

        return (value - encoding.Center) / encoding.Scale;
    }

    public static void WriteOneHot(Span<float> cell, int index)
    {
        if (index >= 0)
            cell[index] = 1f;
    }

    // The dataset's dictionary may order categories differently from the fitted one (e.g. a validation dataset).
    private static int[] MapCategories(FeatureEncoding encoding, IReadOnlyList<string> datasetCategories)
    {
        var position = encoding.Categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        return datasetCategories.Select(c => position.GetValueOrDefault(c, -1)).ToArray();
    }

    /// <summary>Row → class index; categories are matched by name, numbers by their invariant text.</summary>
    private Func<int, int> ClassLookup(DatasetColumnData target)
    {
        var labelIndex = Target.Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var byStoredValue = new Dictionary<float, int>();
        return row =>
        {
            float stored = target.Values[row];
            if (!byStoredValue.TryGetValue(stored, out int label))
            {
                string name = LabelOf(target, row);
                label = labelIndex.TryGetValue(name, out int i)
                    ? i
                    : throw new TrainingDataException($"Target '{Target.Name}' has the class '{name}' at data row {row + 1}, which the model was not trained on.");
                byStoredValue[stored] = label;
            }

            return label;
        };
    }
}
