using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// Scales the raw numbers in the numeric slots of an input row in place, with vectors over each run of numeric slots
/// (<see cref="FeatureLayout.NumericRuns"/>) until a missing value, which is filled or reported as
/// <see cref="FittedPreprocessing.EncodeNumeric"/> does.
/// </summary>
internal sealed class NumericSlotScaler
{
    private readonly FittedPreprocessing _preprocessing;

    // Per slot of a row: the numeric feature's center, scale and position; categorical slots are unused.
    private readonly float[] _centers;
    private readonly float[] _scales;
    private readonly int[] _featureOfSlot;

    public NumericSlotScaler(FittedPreprocessing preprocessing)
    {
        _preprocessing = preprocessing;
        var (features, layout) = (preprocessing.Features, preprocessing.Layout);
        (_centers, _scales, _featureOfSlot) = (new float[layout.Width], new float[layout.Width], new int[layout.Width]);
        foreach (int f in layout.NumericFeatures)
        {
            int slot = layout.Offsets[f];
            (_centers[slot], _scales[slot], _featureOfSlot[slot]) = (features[f].Center, features[f].Scale, f);
        }
    }

    /// <param name="datasetRow">The row's dataset row, named in the error for a missing value under the 'error' policy.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ScaleRow(Span<float> row, int datasetRow)
    {
        foreach (var (start, length) in _preprocessing.Layout.NumericRuns)
        {
            var values = row.Slice(start, length);
            var centers = _centers.AsSpan(start, length);
            var scales = _scales.AsSpan(start, length);
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
                    ? _preprocessing.EncodeNumeric(_preprocessing.Features[_featureOfSlot[start + i]], value, datasetRow)
                    : (value - centers[i]) / scales[i];
            }
        }
    }
}
