using TrainingService.Core.Datasets;
using TrainingService.Core.Models;

namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// The preprocessing a model was trained with: feature encodings fitted on the training split only, the target
/// encoding, the missing-value policy and the input row layout that follows from them. The entry points below turn
/// loaded columns into the network's row-major input rows (<see cref="ColumnFeatureEncoder"/>) and targets
/// (<see cref="TargetColumnEncoder"/>); predictions from raw values go through <see cref="Predictions.RawRowEncoder"/>.
/// </summary>
public sealed class FittedPreprocessing
{
    private readonly ColumnFeatureEncoder _columns;

    public FittedPreprocessing(IReadOnlyList<FeatureEncoding> features, TargetEncoding target, MissingValueStrategy missing)
    {
        (Features, Target, Missing, Layout) = (features, target, missing, FeatureLayout.Of(features));
        _columns = new ColumnFeatureEncoder(this);
    }

    public IReadOnlyList<FeatureEncoding> Features { get; }

    public TargetEncoding Target { get; }

    public MissingValueStrategy Missing { get; }

    public FeatureLayout Layout { get; }

    public int InputWidth => Layout.Width;

    /// <summary>Writes the input rows of <paramref name="rows"/> into <paramref name="output"/> (<c>[rows, InputWidth]</c>).</summary>
    /// <param name="columns">The feature columns in the order of <see cref="Features"/>.</param>
    /// <param name="maxThreads">Threads to split the rows over. Whatever the count, a missing value under the 'error'
    /// policy is reported for the first row (then column) that has one.</param>
    public void EncodeFeatures(IReadOnlyList<DatasetColumnData> columns, int[] rows, float[] output, int maxThreads = 1) =>
        _columns.Encode(columns, rows, output, maxThreads, gatherNumeric: true);

    /// <summary>
    /// Encodes <paramref name="matrix"/> (<c>[rows, InputWidth]</c>) in place, where each numeric feature's slot
    /// already holds the raw value of row <paramref name="rows"/>[i] (see <see cref="FeatureMatrixBuilder"/>); the
    /// categorical blocks are written from <paramref name="columns"/>, whose numeric entries are not read.
    /// Missing values are handled as in <see cref="EncodeFeatures"/>.
    /// </summary>
    public void EncodeInPlace(IReadOnlyList<DatasetColumnData> columns, int[] rows, float[] matrix, int maxThreads = 1) =>
        _columns.Encode(columns, rows, matrix, maxThreads, gatherNumeric: false);

    /// <summary>
    /// Writes the training targets of <paramref name="rows"/>: one-hot rows for more than two classes, 0/1 for
    /// two, the standardized value for regression. Rows must have a target (see <see cref="HasTarget"/>).
    /// </summary>
    public void EncodeTargets(DatasetColumnData target, ReadOnlySpan<int> rows, Span<float> output) =>
        TargetColumnEncoder.Encode(Target, target, rows, output);

    /// <summary>One numeric value, as every encode path computes it: <c>((value or Fill) - Center) / Scale</c>.</summary>
    /// <exception cref="TrainingDataException">The value is missing and the policy is 'error'.</exception>
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
    public IEnumerable<(string Column, int Rows)> CountUnseenCategories(IReadOnlyList<DatasetColumnData> columns, ReadOnlySpan<int> rows) =>
        CategoryMatch.CountUnseen(Features, columns, rows);

    public static bool HasTarget(DatasetColumnData target, int row) => TargetColumnEncoder.HasTarget(target, row);

    /// <summary>The label of a target value as the dataset stores it: the category, or the number written invariantly.</summary>
    public static string LabelOf(DatasetColumnData target, int row) => TargetColumnEncoder.LabelOf(target, row);
}
