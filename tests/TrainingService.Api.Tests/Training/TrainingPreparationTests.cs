using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Datasets;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Core.Tests.Training;
using static TrainingService.Api.Tests.Datasets.DatasetRequests;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// The job's preparation streams numeric features from PostgreSQL into the input matrices and encodes them in place;
/// it must give what fitting and encoding the loaded columns gives (<see cref="LoadedColumnsFitter.Fit"/>,
/// <see cref="FittedPreprocessing.EncodeFeatures"/>).
/// </summary>
public sealed class TrainingPreparationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    // 150,000 rows: three chunks per column. 16 numeric features of float32 are 9.6 MB, so two connections read them.
    private const int Rows = 150_000;
    private const int NumericPerRun = 8;

    [Fact]
    public async Task PrepareAsync_ValidationSplit_MatchesFittingAndEncodingTheLoadedColumns()
    {
        var id = await UploadMixedDatasetAsync();
        var options = new TrainingJobParameters { ValidationSplit = 0.25, Seed = 5 };

        var (prepared, reference) = await PrepareBothWaysAsync(id, options, MissingValueStrategy.Mean, loaded =>
        {
            int[] labeled = LabeledRows(loaded.Target);
            return DataSplit.Split(labeled, GroupKeys(loaded.Target, labeled), 0.25, 5);
        });

        Assert.Equal(reference.Train.Length, prepared.Train.Features.Length / prepared.Preprocessing.InputWidth);
        AssertSameEncodings(reference.Fitted, prepared.Preprocessing);
        AssertClose(reference.TrainFeatures, prepared.Train.Features);
        Assert.Equal(reference.TrainTargets, prepared.Train.Targets);
        Assert.NotNull(prepared.Validation);
        AssertClose(reference.ValidationFeatures, prepared.Validation.Features);
        Assert.Equal(reference.ValidationTargets, prepared.Validation.Targets);
    }

    [Fact]
    public async Task PrepareAsync_ValidationDataset_EncodesItWithTheTrainingFit()
    {
        var id = await UploadMixedDatasetAsync();
        // The dataset as its own validation set: both matrices must hold the same encoded rows.
        var options = new TrainingJobParameters { ValidationSplit = 0, ValidationDatasetId = id, Seed = 5 };

        var (prepared, reference) = await PrepareBothWaysAsync(id, options, MissingValueStrategy.Zero, loaded =>
        {
            int[] labeled = LabeledRows(loaded.Target);
            return (labeled, labeled);
        });

        AssertSameEncodings(reference.Fitted, prepared.Preprocessing);
        AssertClose(reference.TrainFeatures, prepared.Train.Features);
        Assert.NotNull(prepared.Validation);
        Assert.Equal(prepared.Train.Features, prepared.Validation.Features);
        Assert.Equal(prepared.Train.Targets, prepared.Validation.Targets);
    }

    [Fact]
    public async Task PrepareAsync_MissingValueUnderErrorPolicy_NamesTheFirstColumnThenItsFirstRow()
    {
        // 'b' misses a value only in the third chunk, 'c' in the first: 'b' comes first among the features.
        var csv = new StringBuilder("a,b,c,label\n");
        for (int r = 0; r < 140_001; r++)
            csv.Append(r).Append(',').Append(r == 140_000 ? "" : "1").Append(',').Append(r == 5 ? "NA" : "2").Append(',').Append(r % 2).Append('\n');
        var id = Guid.Parse((await UploadOkAsync(factory.CreateClient(), csv.ToString())).GetProperty("id").GetString()!);
        await using var scope = factory.CreateTenantScope();

        var error = await Assert.ThrowsAsync<TrainingDataException>(() => scope.ServiceProvider.GetRequiredService<TrainingPreparation>()
            .PrepareAsync(Job(id, null), new TrainingJobParameters { ValidationSplit = 0 }, Definition(MissingValueStrategy.Error), 2, default));

        Assert.Contains("'b'", error.Message);
        Assert.Contains("row 140001", error.Message);
    }

    private async Task<(PreparedTraining Prepared, Reference Reference)> PrepareBothWaysAsync(
        Guid id, TrainingJobParameters options, MissingValueStrategy missing, Func<(List<DatasetColumnData> Features, DatasetColumnData Target), (int[] Train, int[] Validation)> split)
    {
        await using var scope = factory.CreateTenantScope();
        var definition = Definition(missing);
        var prepared = await scope.ServiceProvider.GetRequiredService<TrainingPreparation>()
            .PrepareAsync(Job(id, options.ValidationDatasetId), options, definition, engineThreads: 2, default);

        var all = (await scope.ServiceProvider.GetRequiredService<DatasetStore>().LoadAsync(id))!;
        var loaded = (Features: all.Columns.Where(c => c.Name != "label").ToList(), Target: all.Columns.Single(c => c.Name == "label"));
        var (train, validation) = split(loaded);
        var fitted = LoadedColumnsFitter.Fit(loaded.Features, loaded.Target, train, classification: true, outputUnits: 3,
            definition.Preprocessing.Numeric, missing);
        var (trainFeatures, trainTargets) = Encode(fitted, loaded, train);
        var (validationFeatures, validationTargets) = Encode(fitted, loaded, validation);
        return (prepared, new Reference(fitted, train, trainFeatures, trainTargets, validationFeatures, validationTargets));
    }

    private static (float[] Features, float[] Targets) Encode(FittedPreprocessing fitted, (List<DatasetColumnData> Features, DatasetColumnData Target) loaded, int[] rows)
    {
        var features = new float[rows.Length * fitted.InputWidth];
        var targets = new float[rows.Length * fitted.Target.OutputWidth];
        fitted.EncodeFeatures(loaded.Features, rows, features);
        fitted.EncodeTargets(loaded.Target, rows, targets);
        return (features, targets);
    }

    private sealed record Reference(
        FittedPreprocessing Fitted, int[] Train, float[] TrainFeatures, float[] TrainTargets, float[] ValidationFeatures, float[] ValidationTargets);

    private static void AssertSameEncodings(FittedPreprocessing expected, FittedPreprocessing actual)
    {
        Assert.Equal(expected.Features.Select(f => (f.Name, f.IsCategorical, string.Join('|', f.Categories))),
            actual.Features.Select(f => (f.Name, f.IsCategorical, string.Join('|', f.Categories))));
        // Sums over chunks are added in another order than one pass over the rows: equal to float precision.
        for (int f = 0; f < expected.Features.Count; f++)
        {
            Assert.Equal(expected.Features[f].Center, actual.Features[f].Center, 1e-4f);
            Assert.Equal(expected.Features[f].Scale, actual.Features[f].Scale, 1e-4f);
            Assert.Equal(expected.Features[f].Fill, actual.Features[f].Fill, 1e-4f);
        }

        Assert.Equal(expected.Target.Labels, actual.Target.Labels);
        Assert.Equal(expected.InputWidth, actual.InputWidth);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        int differing = Enumerable.Range(0, expected.Length).Count(i => Math.Abs(expected[i] - actual[i]) > 1e-5f);
        Assert.Equal(0, differing);
    }

    private static TrainingJob Job(Guid datasetId, Guid? validationDatasetId) =>
        new()
        {
            Id = Guid.NewGuid(), DatasetId = datasetId, ValidationDatasetId = validationDatasetId, Parameters = new(),
            RecordedDatasetId = datasetId, RecordedDatasetName = "d",
        };

    private static ModelDefinition Definition(MissingValueStrategy missing) => new(
        ModelTask.Classification, "label", null, [new DenseLayerDefinition(8, Activation.Relu)], LossFunction.Auto, null,
        new OptimizerDefinition(OptimizerType.Sgd, 0.01), new RegularizationDefinition(0, 0, null), WeightInitializer.He,
        new PreprocessingDefinition(NumericScaling.Standardize, missing), Seed: 1);

    private static int[] LabeledRows(DatasetColumnData target) =>
        [.. Enumerable.Range(0, target.Values.Length).Where(r => !float.IsNaN(target.Values[r]))];

    /// <summary>Class keys numbered by first appearance, as the preparation numbers them for the stratified split.</summary>
    private static int[] GroupKeys(DatasetColumnData target, int[] rows)
    {
        var keys = new Dictionary<float, int>();
        return [.. rows.Select(r => keys.TryGetValue(target.Values[r], out int k) ? k : keys[target.Values[r]] = keys.Count)];
    }

    /// <summary>
    /// Two runs of numeric features around a categorical one (so the input row has two numeric runs and a one-hot
    /// block between them), missing values everywhere, and a three-class label missing in some rows.
    /// </summary>
    private async Task<Guid> UploadMixedDatasetAsync()
    {
        var random = new Random(11);
        var csv = new StringBuilder(Rows * 160);
        var numericNames = Enumerable.Range(0, 2 * NumericPerRun).Select(c => $"n{c}").ToList();
        csv.AppendJoin(',', numericNames.Take(NumericPerRun)).Append(",kind,").AppendJoin(',', numericNames.Skip(NumericPerRun)).Append(",label\n");
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < 2 * NumericPerRun; c++)
            {
                if (c == NumericPerRun)
                    csv.Append(r % 13 == 0 ? "" : $"k{r % 5}").Append(',');
                if ((r * 7 + c) % 1009 != 0)
                    csv.Append(((float)(random.NextDouble() * 200 - 50 * c)).ToString("R", CultureInfo.InvariantCulture));
                csv.Append(',');
            }

            csv.Append(r % 101 == 0 ? "" : "abc"[r % 3].ToString()).Append('\n');
        }

        return Guid.Parse((await UploadOkAsync(factory.CreateClient(), csv.ToString())).GetProperty("id").GetString()!);
    }
}
