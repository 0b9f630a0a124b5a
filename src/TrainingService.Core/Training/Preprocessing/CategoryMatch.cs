using TrainingService.Core.Datasets;

namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// Matches categories by name against a feature's fitted ones: a dataset's dictionary may order them differently from
/// the fitted one (e.g. a validation dataset), and a category unseen in training is encoded as all zeros.
/// </summary>
internal static class CategoryMatch
{
    /// <summary>Fitted category → its position in the feature's one-hot block.</summary>
    public static Dictionary<string, int> Positions(FeatureEncoding feature) =>
        feature.Categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);

    /// <summary>Per category of <paramref name="datasetCategories"/>, its one-hot position, -1 when unseen in training.</summary>
    public static int[] Map(FeatureEncoding feature, IReadOnlyList<string> datasetCategories)
    {
        var position = Positions(feature);
        return [.. datasetCategories.Select(c => position.GetValueOrDefault(c, -1))];
    }

    public static void WriteOneHot(Span<float> cell, int position)
    {
        if (position >= 0)
            cell[position] = 1f;
    }

    /// <summary>Per categorical feature, how many of <paramref name="rows"/> hold a category unseen in training.</summary>
    public static List<(string Column, int Rows)> CountUnseen(
        IReadOnlyList<FeatureEncoding> features, IReadOnlyList<DatasetColumnData> columns, ReadOnlySpan<int> rows)
    {
        var counts = new List<(string, int)>();
        for (int f = 0; f < features.Count; f++)
        {
            if (!features[f].IsCategorical)
                continue;
            int[] map = Map(features[f], columns[f].Categories);
            int unseen = 0;
            foreach (int row in rows)
            {
                float value = columns[f].Values[row];
                if (!float.IsNaN(value) && map[(int)value] < 0) unseen++;
            }

            if (unseen > 0) counts.Add((features[f].Name, unseen));
        }

        return counts;
    }
}
