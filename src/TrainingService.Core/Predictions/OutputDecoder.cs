using TrainingService.Core.Training.Preprocessing;

namespace TrainingService.Core.Predictions;

/// <summary>Turns network outputs (probabilities after softmax or sigmoid, or a standardized value) into predictions.</summary>
public static class OutputDecoder
{
    public static PredictedRow[] Decode(TargetEncoding target, float[] outputs, int rows)
    {
        var decoded = new PredictedRow[rows];
        int width = target.OutputWidth;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = outputs.AsSpan(r * width, width);
            decoded[r] = !target.IsClassification
                ? new PredictedRow(null, null, target.Decode(row[0]))
                : Classify(target.Labels, width == 1 ? [1f - row[0], row[0]] : row);
        }

        return decoded;
    }

    private static PredictedRow Classify(string[] labels, ReadOnlySpan<float> probabilities)
    {
        var byLabel = new Dictionary<string, double>(labels.Length);
        int best = 0;
        for (int c = 0; c < labels.Length; c++)
        {
            byLabel[labels[c]] = Math.Round(probabilities[c], 6);
            if (probabilities[c] > probabilities[best]) best = c;
        }

        return new PredictedRow(labels[best], byLabel, null);
    }
}
