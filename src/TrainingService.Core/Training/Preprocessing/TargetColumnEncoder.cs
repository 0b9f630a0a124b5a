using System.Globalization;
using TrainingService.Core.Datasets;

namespace TrainingService.Core.Training.Preprocessing;

/// <summary>Turns a dataset's target column into the network's training targets by a fitted <see cref="TargetEncoding"/>.</summary>
internal static class TargetColumnEncoder
{
    /// <summary>
    /// Writes the targets of <paramref name="rows"/>: one-hot rows for more than two classes, 0/1 for two, the
    /// standardized value for regression. Rows must have a target (see <see cref="HasTarget"/>).
    /// </summary>
    public static void Encode(TargetEncoding encoding, DatasetColumnData target, ReadOnlySpan<int> rows, Span<float> output)
    {
        int width = encoding.OutputWidth;
        output[..(rows.Length * width)].Clear();
        if (!encoding.IsClassification)
        {
            for (int r = 0; r < rows.Length; r++)
                output[r] = (target.Values[rows[r]] - encoding.Center) / encoding.Scale;
            return;
        }

        var classOf = ClassLookup(encoding, target);
        for (int r = 0; r < rows.Length; r++)
        {
            int label = classOf(rows[r]);
            if (width == 1)
                output[r] = label;
            else
                output[r * width + label] = 1f;
        }
    }

    public static bool HasTarget(DatasetColumnData target, int row) => !float.IsNaN(target.Values[row]);

    /// <summary>The label of a target value as the dataset stores it: the category, or the number written invariantly.</summary>
    public static string LabelOf(DatasetColumnData target, int row) => target.Type == ColumnType.Categorical
        ? target.Categories[(int)target.Values[row]]
        : target.Values[row].ToString(CultureInfo.InvariantCulture);

    /// <summary>Row → class index; categories are matched by name, numbers by their invariant text.</summary>
    private static Func<int, int> ClassLookup(TargetEncoding encoding, DatasetColumnData target)
    {
        var labelIndex = encoding.Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var byStoredValue = new Dictionary<float, int>();
        return row =>
        {
            float stored = target.Values[row];
            if (!byStoredValue.TryGetValue(stored, out int label))
            {
                string name = LabelOf(target, row);
                label = labelIndex.TryGetValue(name, out int i)
                    ? i
                    : throw new TrainingDataException($"Target '{encoding.Name}' has the class '{name}' at data row {row + 1}, which the model was not trained on.");
                byStoredValue[stored] = label;
            }

            return label;
        };
    }
}
