namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// Where the features sit in a network input row, in feature order: a numeric feature takes one slot, a categorical
/// one a one-hot block as wide as its fitted categories (possibly none). It follows from the encodings, so a model
/// file does not store it; training preparation lays out its streamed matrices with it and the encoders write by it.
/// </summary>
public sealed class FeatureLayout
{
    private readonly int[] _offsets;
    private readonly int[] _numericFeatures;
    private readonly (int Start, int Length)[] _numericRuns;
    private readonly (int Feature, int Offset, int Width)[] _oneHotBlocks;

    /// <param name="oneHotWidths">Per feature: null for a numeric one, else the width of its one-hot block.</param>
    public FeatureLayout(IReadOnlyList<int?> oneHotWidths)
    {
        _offsets = new int[oneHotWidths.Count];
        var numeric = new List<int>();
        var runs = new List<(int Start, int Length)>();
        var blocks = new List<(int, int, int)>();
        int slot = 0;
        for (int f = 0; f < oneHotWidths.Count; f++)
        {
            _offsets[f] = slot;
            if (oneHotWidths[f] is { } width)
            {
                blocks.Add((f, slot, width));
                slot += width;
                continue;
            }

            numeric.Add(f);
            // A categorical feature with no categories takes no slot, so the numbers around it form one run.
            if (runs.Count > 0 && runs[^1].Start + runs[^1].Length == slot)
                runs[^1] = (runs[^1].Start, runs[^1].Length + 1);
            else
                runs.Add((slot, 1));
            slot++;
        }

        (Width, _numericFeatures, _numericRuns, _oneHotBlocks) = (slot, [.. numeric], [.. runs], [.. blocks]);
    }

    /// <summary>The layout of fitted <paramref name="features"/>.</summary>
    public static FeatureLayout Of(IReadOnlyList<FeatureEncoding> features) =>
        new([.. features.Select(f => f.IsCategorical ? f.Width : (int?)null)]);

    /// <summary>Values per input row.</summary>
    public int Width { get; }

    /// <summary>The first slot of each feature.</summary>
    public ReadOnlySpan<int> Offsets => _offsets;

    /// <summary>Positions of the numeric features, in feature order (training preparation streams them in this order).</summary>
    public ReadOnlySpan<int> NumericFeatures => _numericFeatures;

    /// <summary>Runs of consecutive numeric slots, so the numbers of a row are encoded in a few vector passes.</summary>
    public ReadOnlySpan<(int Start, int Length)> NumericRuns => _numericRuns;

    /// <summary>Each categorical feature's position, first slot and width.</summary>
    public ReadOnlySpan<(int Feature, int Offset, int Width)> OneHotBlocks => _oneHotBlocks;
}
