using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Core.Training.Preprocessing;

namespace TrainingService.Core.Tests.Training;

public sealed class PreprocessingTests
{
    private static readonly DatasetColumnData Size = new("size", 0, ColumnType.Numeric, [], [1f, 2f, float.NaN, 3f, 100f]);
    private static readonly DatasetColumnData Color = new("color", 1, ColumnType.Categorical, ["red", "green", "blue"], [0f, 1f, 2f, float.NaN, 0f]);
    private static readonly DatasetColumnData Label = new("label", 2, ColumnType.Categorical, ["yes", "no", "maybe"], [0f, 1f, 0f, 2f, 1f]);

    [Fact]
    public void Fit_Standardize_UsesTrainingRowsOnly()
    {
        int[] train = [0, 1, 3];

        var fitted = LoadedColumnsFitter.Fit([Size, Color], Label, train, classification: true, outputUnits: 3, NumericScaling.Standardize, MissingValueStrategy.Mean);

        var size = fitted.Features[0];
        Assert.Equal(2f, size.Center, 5);
        Assert.Equal((float)Math.Sqrt(2.0 / 3.0), size.Scale, 5);
        Assert.Equal(["red", "green"], fitted.Features[1].Categories);
        Assert.Equal(1 + 2, fitted.InputWidth);
    }

    [Fact]
    public void EncodeFeatures_MissingAndUnseen_FillsMeanAndZeroHot()
    {
        var fitted = LoadedColumnsFitter.Fit([Size, Color], Label, [0, 1, 3], true, outputUnits: 3, NumericScaling.Standardize, MissingValueStrategy.Mean);
        var output = new float[3 * fitted.InputWidth];

        fitted.EncodeFeatures([Size, Color], [2, 3, 0], output);

        // Row 2: size missing → mean → 0 after standardizing; color blue was not in training → all zeros.
        Assert.Equal([0f, 0f, 0f], output[..3]);
        // Row 3: size 3 → (3-2)/std; color missing → zeros.
        Assert.Equal(1f / (float)Math.Sqrt(2.0 / 3.0), output[3], 5);
        Assert.Equal([0f, 0f], output[4..6]);
        // Row 0: color red → first one-hot slot.
        Assert.Equal([1f, 0f], output[7..9]);
    }

    [Fact]
    public void EncodeFeatures_MissingWithErrorPolicy_ThrowsNamingColumnAndRow()
    {
        var fitted = LoadedColumnsFitter.Fit([Size], Label, [0, 1], true, outputUnits: 3, NumericScaling.None, MissingValueStrategy.Error);

        var error = Assert.Throws<TrainingDataException>(() => fitted.EncodeFeatures([Size], [2], new float[1]));

        Assert.Contains("'size'", error.Message);
        Assert.Contains("row 3", error.Message);
    }

    [Fact]
    public void EncodeTargets_ThreeClasses_WritesOneHotInLabelOrder()
    {
        var fitted = LoadedColumnsFitter.Fit([Size], Label, [0, 1, 3], true, outputUnits: 3, NumericScaling.None, MissingValueStrategy.Zero);
        var output = new float[2 * 3];

        fitted.EncodeTargets(Label, [3, 1], output);

        Assert.Equal(["yes", "no", "maybe"], fitted.Target.Labels);
        Assert.Equal([0f, 0f, 1f, 0f, 1f, 0f], output);
    }

    [Fact]
    public void EncodeTargets_NumericBinaryTarget_WritesZeroOrOne()
    {
        var target = new DatasetColumnData("y", 0, ColumnType.Numeric, [], [5f, 7f, 5f, 7f]);
        var fitted = LoadedColumnsFitter.Fit([Size], target, [0, 1, 2, 3], true, outputUnits: 1, NumericScaling.None, MissingValueStrategy.Zero);
        var output = new float[4];

        fitted.EncodeTargets(target, [0, 1, 2, 3], output);

        Assert.Equal(["5", "7"], fitted.Target.Labels);
        Assert.Equal(1, fitted.Target.OutputWidth);
        Assert.Equal([0f, 1f, 0f, 1f], output);
    }

    [Fact]
    public void Fit_OneClassTarget_ThrowsTrainingDataException()
    {
        var target = new DatasetColumnData("y", 0, ColumnType.Categorical, ["only"], [0f, 0f]);

        Assert.Throws<TrainingDataException>(() =>
            LoadedColumnsFitter.Fit([Size], target, [0, 1], true, outputUnits: 3, NumericScaling.None, MissingValueStrategy.Zero));
    }

    [Fact]
    public void Split_Stratified_KeepsClassSharesAndIsSeeded()
    {
        int[] rows = Enumerable.Range(0, 100).ToArray();
        int[] classes = rows.Select(r => r < 80 ? 0 : 1).ToArray();

        var (train, validation) = DataSplit.Split(rows, classes, 0.25, seed: 11);
        var again = DataSplit.Split(rows, classes, 0.25, seed: 11);

        Assert.Equal(20, validation.Count(r => r < 80));
        Assert.Equal(5, validation.Count(r => r >= 80));
        Assert.Equal(100, train.Length + validation.Length);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(validation, again.Validation);
    }

    [Fact]
    public void Fold_StratifiedFiveFolds_PartitionsTheRowsWithEachClassSharedEvenlyAndIsSeeded()
    {
        int[] rows = Enumerable.Range(0, 103).Select(r => r * 2).ToArray();
        int[] classes = rows.Select(r => r < 160 ? 0 : r < 190 ? 1 : 2).ToArray();
        int[] perClass = [.. Enumerable.Range(0, 3).Select(c => classes.Count(x => x == c))];

        var folds = Enumerable.Range(0, 5).Select(f => DataSplit.Fold(rows, classes, 5, f, seed: 11)).ToList();
        var again = Enumerable.Range(0, 5).Select(f => DataSplit.Fold(rows, classes, 5, f, seed: 11).Validation).ToList();
        var otherSeed = DataSplit.Fold(rows, classes, 5, 0, seed: 12).Validation;

        // Every row validated exactly once, and trained on in the other four folds.
        Assert.Equal(rows, folds.SelectMany(f => f.Validation).Order());
        Assert.All(folds, f => Assert.Equal(rows, f.Train.Concat(f.Validation).Order()));
        Assert.InRange(folds.Max(f => f.Validation.Length) - folds.Min(f => f.Validation.Length), 0, 1);
        for (int c = 0; c < 3; c++)
        {
            int cls = c;
            var counts = folds.Select(f => f.Validation.Count(r => classes[Array.IndexOf(rows, r)] == cls)).ToList();
            Assert.All(counts, n => Assert.InRange(n, perClass[cls] / 5, perClass[cls] / 5 + 1));
        }

        Assert.Equal(folds.Select(f => f.Validation), again);
        Assert.NotEqual(folds[0].Validation, otherSeed);
    }

    [Fact]
    public void Serializer_RoundTrip_PreservesEverything()
    {
        var fitted = LoadedColumnsFitter.Fit([Size, Color], Label, [0, 1, 3], true, outputUnits: 3, NumericScaling.MinMax, MissingValueStrategy.Mean);
        using var stream = new MemoryStream();
        PreprocessingSerializer.Write(new BinaryWriter(stream), fitted);
        stream.Position = 0;

        var read = PreprocessingSerializer.Read(new BinaryReader(stream));

        Assert.Equal(fitted.Features, read.Features, (a, b) => a.Name == b.Name && a.Center == b.Center && a.Scale == b.Scale && a.Fill == b.Fill && a.Categories.SequenceEqual(b.Categories));
        Assert.Equal(fitted.Target.Labels, read.Target.Labels);
        Assert.Equal(fitted.Missing, read.Missing);
        Assert.Equal(fitted.InputWidth, read.InputWidth);
    }

    [Fact]
    public void FitAndEncode_ManyThreads_SameAsOneThread()
    {
        // 20,000 rows x 60 columns: past the size where fitting and encoding split across threads.
        var (columns, label) = WideTable(rows: 20_000, numeric: 59);
        int[] rows = [.. Enumerable.Range(0, 20_000).Where(r => r % 5 != 0)];

        var one = LoadedColumnsFitter.Fit(columns, label, rows, true, outputUnits: 3, NumericScaling.Standardize, MissingValueStrategy.Mean, maxThreads: 1);
        var four = LoadedColumnsFitter.Fit(columns, label, rows, true, outputUnits: 3, NumericScaling.Standardize, MissingValueStrategy.Mean, maxThreads: 4);
        var expected = new float[rows.Length * one.InputWidth];
        var actual = new float[rows.Length * one.InputWidth];
        Array.Fill(actual, float.NaN);
        one.EncodeFeatures(columns, rows, expected, maxThreads: 1);
        four.EncodeFeatures(columns, rows, actual, maxThreads: 4);

        Assert.Equal(one.Features, four.Features, (a, b) => a.Name == b.Name && a.Center == b.Center && a.Scale == b.Scale && a.Fill == b.Fill && a.Categories.SequenceEqual(b.Categories));
        Assert.Equal(expected, actual);
        // Spot check one numeric cell against the fitted arithmetic, and the one-hot block of the categorical column.
        var f7 = one.Features[7];
        Assert.Equal((columns[7].Values[rows[123]] - f7.Center) / f7.Scale, actual[123 * one.InputWidth + 7]);
        Assert.Equal(1f, actual[123 * one.InputWidth + 59 + (int)columns[59].Values[rows[123]]]);
    }

    [Fact]
    public void FitAndEncode_ManyThreads_MissingWithErrorPolicy_ReportsTheFirstColumnAndRow()
    {
        var (columns, label) = WideTable(rows: 20_000, numeric: 59);
        columns[40].Values[19_000] = float.NaN;
        columns[30].Values[15_000] = float.NaN;
        columns[50].Values[15_000] = float.NaN;
        int[] all = [.. Enumerable.Range(0, 20_000)];

        var fitError = Assert.Throws<TrainingDataException>(() =>
            LoadedColumnsFitter.Fit(columns, label, all, true, outputUnits: 3, NumericScaling.None, MissingValueStrategy.Error, maxThreads: 4));
        var fitted = LoadedColumnsFitter.Fit(columns, label, [.. Enumerable.Range(0, 10_000)], true, outputUnits: 3, NumericScaling.None, MissingValueStrategy.Error);
        var encodeError = Assert.Throws<TrainingDataException>(() =>
            fitted.EncodeFeatures(columns, all, new float[all.Length * fitted.InputWidth], maxThreads: 4));

        Assert.Contains("'n30'", fitError.Message);
        Assert.Contains("row 15001", fitError.Message);
        Assert.Contains("'n30'", encodeError.Message);
        Assert.Contains("row 15001", encodeError.Message);
    }

    [Fact]
    public void EncodeFeatures_MissingInsideAVectorOfNumericSlots_FillsItAndEncodesTheRestAsOneByOne()
    {
        var (columns, label) = WideTable(rows: 300, numeric: 23);
        columns[11].Values[7] = float.NaN;
        columns[0].Values[8] = float.NaN;
        columns[22].Values[8] = float.NaN;
        int[] rows = [.. Enumerable.Range(0, 300)];
        var fitted = LoadedColumnsFitter.Fit(columns, label, rows, true, outputUnits: 3, NumericScaling.Standardize, MissingValueStrategy.Mean);
        var output = new float[rows.Length * fitted.InputWidth];

        fitted.EncodeFeatures(columns, rows, output);

        for (int r = 0; r < rows.Length; r++)
            for (int f = 0; f < 23; f++)
                Assert.Equal(fitted.EncodeNumeric(fitted.Features[f], columns[f].Values[r], r), output[r * fitted.InputWidth + f]);
        Assert.Equal((fitted.Features[11].Fill - fitted.Features[11].Center) / fitted.Features[11].Scale, output[7 * fitted.InputWidth + 11]);
    }

    [Fact]
    public void NumericStatistics_AddWhereSelected_SameAsAddingTheSelectedValuesOneByOne()
    {
        var random = new Random(3);
        float[] values = [.. Enumerable.Range(0, 1_003).Select(i => i % 97 == 5 ? float.NaN : (float)(random.NextDouble() * 10 - 3))];
        // Negative selectors are rows of the other side of the split; the NaN at row 5 is one of them.
        int[] selectors = [.. Enumerable.Range(0, values.Length).Select(i => i % 4 == 1 ? -1 : i)];
        var expected = new NumericStatistics();
        for (int i = 0; i < values.Length; i++)
            if (selectors[i] >= 0) expected.Add(values[i], 1_000 + i);

        var actual = new NumericStatistics();
        actual.AddWhereSelected(values, selectors, firstRow: 1_000);

        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Min, actual.Min);
        Assert.Equal(expected.Max, actual.Max);
        Assert.Equal(1_000 + 5 + 97, actual.FirstMissingRow);
        Assert.Equal(expected.FirstMissingRow, actual.FirstMissingRow);
        Assert.Equal(expected.Sum, actual.Sum, 1e-9);
        Assert.Equal(expected.SumOfSquares, actual.SumOfSquares, 1e-7);
    }

    [Fact]
    public void FeatureMatrixBuilder_BlocksInAnyOrder_SameMatricesAndStatistics()
    {
        // Rows 0..9 of two columns in two chunks; row 3 is unlabeled, rows 1 and 6 validate.
        float[][] columns = [[1, 2, 3, 4, 5, float.NaN, 7, 8, 9, 10], [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]];
        int[] train = [0, 2, 4, 5, 7, 8, 9], validation = [1, 6];
        FeatureMatrixBuilder Build(IEnumerable<(int Chunk, int Column)> order)
        {
            var builder = new FeatureMatrixBuilder(10, train, validation, slots: [2, 0], width: 3, gatherStatistics: true);
            foreach (var (chunk, column) in order)
                builder.Add(new ColumnBlock(chunk, chunk * 5, 5, [column], columns[column].AsSpan(chunk * 5, 5)));
            return builder;
        }

        var inOrder = Build([(0, 0), (0, 1), (1, 0), (1, 1)]);
        var reversed = Build([(1, 1), (1, 0), (0, 1), (0, 0)]);

        Assert.Equal(inOrder.Train, reversed.Train);
        Assert.Equal(inOrder.Validation, reversed.Validation);
        Assert.Equal([30f, 0f, 3f], inOrder.Train[3..6]);
        Assert.Equal([70f, 0f, 7f], inOrder.Validation[3..6]);
        var statistics = inOrder.Statistics(2);
        Assert.Equal(reversed.Statistics(2), statistics);
        Assert.Equal(6, statistics[0].Count);
        Assert.Equal(1 + 3 + 5 + 8 + 9 + 10, statistics[0].Sum);
        Assert.Equal(5, statistics[0].FirstMissingRow);
        Assert.Equal(100f, statistics[1].Max);
    }

    private static (List<DatasetColumnData> Features, DatasetColumnData Label) WideTable(int rows, int numeric)
    {
        var random = new Random(7);
        var features = Enumerable.Range(0, numeric)
            .Select(c => new DatasetColumnData($"n{c}", c, ColumnType.Numeric, [],
                [.. Enumerable.Range(0, rows).Select(_ => (float)(random.NextDouble() * 100 - c))]))
            .Append(new DatasetColumnData("kind", numeric, ColumnType.Categorical, ["a", "b", "c", "d"], [.. Enumerable.Range(0, rows).Select(r => (float)(r % 4))]))
            .ToList();
        var label = new DatasetColumnData("label", numeric + 1, ColumnType.Categorical, ["x", "y", "z"], [.. Enumerable.Range(0, rows).Select(r => (float)(r % 3))]);
        return (features, label);
    }
}
