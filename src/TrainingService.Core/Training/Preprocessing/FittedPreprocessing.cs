using System.Globalization;
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
    public void EncodeFeatures(IReadOnlyList<DatasetColumnData> columns, int[] rows, float[] output, int maxThreads = 1)
    {
        int[]?[] categoryMaps = Features.Select((f, i) => f.IsCategorical ? MapCategories(f, columns[i].Categories) : null).ToArray();
        int blocks = (rows.Length + EncodeBlockRows - 1) / EncodeBlockRows;
        int threads = OrderedParallel.Threads((long)rows.Length * InputWidth, blocks, maxThreads);
        // Each part is a contiguous run of row blocks, so the first failing part holds the first failing row.
        OrderedParallel.For(threads, threads, t => EncodeBlocks(columns, categoryMaps, rows, output, blocks * t / threads, blocks * (t + 1) / threads));
    }

    // Row blocks, then columns: a whole column at a time would write one float per output row, each a row length
    // apart, and miss the cache on nearly every write of a wide table.
    private const int EncodeBlockRows = 64;

    private void EncodeBlocks(IReadOnlyList<DatasetColumnData> columns, int[]?[] categoryMaps, int[] rows, float[] output, int firstBlock, int endBlock)
    {
        for (int b = firstBlock; b < endBlock; b++)
        {
            int start = b * EncodeBlockRows;
            var block = rows.AsSpan(start, Math.Min(EncodeBlockRows, rows.Length - start));
            var blockOutput = output.AsSpan(start * InputWidth, block.Length * InputWidth);
            blockOutput.Clear();
            int offset = 0;
            for (int f = 0; f < Features.Count; f++)
            {
                if (categoryMaps[f] is { } map)
                    EncodeCategoricalColumn(Features[f].Width, columns[f].Values, map, block, blockOutput, offset);
                else
                    EncodeNumericColumn(Features[f], columns[f].Values, block, blockOutput, offset);
                offset += Features[f].Width;
            }
        }
    }

    private void EncodeNumericColumn(FeatureEncoding encoding, float[] values, ReadOnlySpan<int> rows, Span<float> output, int offset)
    {
        // The same arithmetic as EncodeNumeric, which predictions use, with the encoding's fields read once.
        float center = encoding.Center, scale = encoding.Scale;
        int width = InputWidth;
        for (int r = 0, at = offset; r < rows.Length; r++, at += width)
        {
            float value = values[rows[r]];
            output[at] = float.IsNaN(value) ? EncodeNumeric(encoding, value, rows[r]) : (value - center) / scale;
        }
    }

    private void EncodeCategoricalColumn(int encodedWidth, float[] values, int[] categoryMap, ReadOnlySpan<int> rows, Span<float> output, int offset)
    {
        for (int r = 0, at = offset; r < rows.Length; r++, at += InputWidth)
        {
            float value = values[rows[r]];
            WriteOneHot(output.Slice(at, encodedWidth), float.IsNaN(value) ? -1 : categoryMap[(int)value]);
        }
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
