using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using TrainingService.Core.Export;
using TrainingService.Core.Models;
using TrainingService.Core.Predictions;
using TrainingService.Core.Training;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Engine;
using TrainingService.Engine.Activations;
using TrainingService.Engine.Layers;
using TrainingService.Engine.Specs;

namespace TrainingService.Core.Tests.Export;

/// <summary>
/// The exported ONNX model, run in ONNX Runtime, against the service's own prediction path (RawRowEncoder →
/// Network.Predict → OutputDecoder) on the same raw rows, with missing numbers, missing and unseen categories.
/// </summary>
public sealed class OnnxExportParityTests
{
    private const double Tolerance = 1e-5;
    private const int Rows = 200;

    public enum Task { Binary, MultiClass, Regression }

    public static TheoryData<ActivationKind, Task> EveryActivationAndTask()
    {
        var data = new TheoryData<ActivationKind, Task>();
        foreach (var activation in Enum.GetValues<ActivationKind>().Where(a => a != ActivationKind.Softmax))
            foreach (var task in Enum.GetValues<Task>())
                data.Add(activation, task);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryActivationAndTask))]
    public void Export_HiddenActivationWithBatchNormDropoutCategoriesAndMissing_MatchesServicePredictions(ActivationKind activation, Task task)
    {
        float? alpha = activation switch { ActivationKind.LeakyRelu => 0.07f, ActivationKind.Elu => 0.6f, _ => null };
        var layers = new List<LayerSpec>
        {
            new DenseLayerSpec(7, activation, alpha),
            new BatchNormalizationLayerSpec(Epsilon: 0.01f),
            new DropoutLayerSpec(0.3f),
            new DenseLayerSpec(5, activation, alpha),
        };

        AssertParity(Preprocessing(task, MissingValueStrategy.Mean), layers, seed: (ulong)activation * 10 + (ulong)task);
    }

    [Theory]
    [InlineData(Task.Binary)]
    [InlineData(Task.MultiClass)]
    [InlineData(Task.Regression)]
    public void Export_StandaloneActivationLayersZeroFillNoBatchNorm_MatchesServicePredictions(Task task)
    {
        var layers = new List<LayerSpec>
        {
            new DenseLayerSpec(6),
            new ActivationLayerSpec(ActivationKind.LeakyRelu, 0.2f),
            new DenseLayerSpec(4, ActivationKind.Gelu),
            new ActivationLayerSpec(ActivationKind.Softmax),
        };

        AssertParity(Preprocessing(task, MissingValueStrategy.Zero), layers, seed: 77);
    }

    [Fact]
    public void Export_OnlyNumericFeaturesUnscaled_MatchesServicePredictions()
    {
        var features = new[]
        {
            new FeatureEncoding("a", false, 0f, 1f, 0f, []),
            new FeatureEncoding("b", false, 0f, 1f, 0f, []),
        };
        var preprocessing = new FittedPreprocessing(features, Target(Task.MultiClass), MissingValueStrategy.Zero);

        AssertParity(preprocessing, [new DenseLayerSpec(3, ActivationKind.Tanh)], seed: 5);
    }

    [Fact]
    public void Export_CategoricalFeatureWithNoFittedCategories_KeepsItsInputAndMatches()
    {
        var features = new[]
        {
            new FeatureEncoding("empty", true, 0f, 1f, 0f, []),
            new FeatureEncoding("x1", false, 0.5f, 2f, 0.25f, []),
            new FeatureEncoding("color", true, 0f, 1f, 0f, ["red"]),
        };
        var preprocessing = new FittedPreprocessing(features, Target(Task.Binary), MissingValueStrategy.Mean);

        AssertParity(preprocessing, [new DenseLayerSpec(3, ActivationKind.Sigmoid)], seed: 6);
        byte[] onnx = OnnxExporter.Export(preprocessing, Network(preprocessing, [], 6), "empty-category");
        using var session = new InferenceSession(onnx);
        Assert.Equal(["empty", "x1", "color"], session.InputMetadata.Keys);
    }

    [Fact]
    public void Export_ErrorPolicy_MatchesOnCompleteRowsAndPassesNaNThrough()
    {
        var preprocessing = Preprocessing(Task.Regression, MissingValueStrategy.Error);
        var network = Network(preprocessing, [new DenseLayerSpec(4, ActivationKind.Relu)], seed: 9);
        byte[] onnx = OnnxExporter.Export(TrainedModelFormat.Write(preprocessing, network), "error-policy");
        var complete = RandomRows(preprocessing, Rows, seed: 3, missing: false);

        AssertSame(preprocessing, network, onnx, complete);
        var withMissing = JsonRows([new Dictionary<string, object?> { ["x1"] = null, ["color"] = "red", ["x2"] = 1.0, ["size"] = "m", ["x3"] = 0.5 }]);
        Assert.True(double.IsNaN(OnnxRunner.Run(onnx, withMissing).Values![0]));
    }

    [Fact]
    public void Export_FeatureNamedLikeAnOutput_IsFedUnderASuffixedInput()
    {
        var features = new[]
        {
            new FeatureEncoding("value", false, 1f, 2f, 0f, []),
            new FeatureEncoding("value_input", true, 0f, 1f, 0f, ["p", "q"]),
        };
        var preprocessing = new FittedPreprocessing(features, Target(Task.Regression), MissingValueStrategy.Mean);
        var network = Network(preprocessing, [new DenseLayerSpec(3, ActivationKind.Elu)], seed: 4);
        byte[] onnx = OnnxExporter.Export(TrainedModelFormat.Write(preprocessing, network), "renamed");

        Assert.Equal(["value_input_1", "value_input"], OnnxExporter.InputNames(preprocessing));
        using var session = new InferenceSession(onnx);
        Assert.Equal(["value_input_1", "value_input"], session.InputMetadata.Keys);
        var rows = RandomRows(preprocessing, 50, seed: 8, missing: true);
        AssertSame(preprocessing, network, onnx, rows, input => input == "value_input_1" ? "value" : input);
    }

    [Fact]
    public void Export_DeclaresTypedInputsDynamicBatchAndMetadata()
    {
        var preprocessing = Preprocessing(Task.MultiClass, MissingValueStrategy.Mean);
        byte[] onnx = OnnxExporter.Export(TrainedModelFormat.Write(preprocessing, Network(preprocessing, [new DenseLayerSpec(4, ActivationKind.Relu)], 1)), "job-1");

        using var session = new InferenceSession(onnx);
        Assert.Equal(["x1", "color", "x2", "size", "x3"], session.InputMetadata.Keys);
        Assert.Equal([typeof(float), typeof(string), typeof(float), typeof(string), typeof(float)], session.InputMetadata.Values.Select(m => m.ElementType));
        Assert.All(session.InputMetadata.Values, m => Assert.Equal([-1, 1], m.Dimensions));
        Assert.Equal(["label", "probabilities"], session.OutputMetadata.Keys);
        Assert.Equal([-1, 3], session.OutputMetadata["probabilities"].Dimensions);
        Assert.Equal("TrainingService", session.ModelMetadata.ProducerName);
        Assert.Equal("job-1", session.ModelMetadata.GraphName);
        Assert.Equal("y", session.ModelMetadata.CustomMetadataMap["target"]);
        OnnxRunner.KeepForChecker("multiclass.onnx", onnx);
    }

    private static void AssertParity(FittedPreprocessing preprocessing, List<LayerSpec> hidden, ulong seed)
    {
        var network = Network(preprocessing, hidden, seed);
        RandomizeBatchNorm(network, seed);
        // The stored bytes, read back: the export and the service both start from what the job wrote.
        byte[] stored = TrainedModelFormat.Write(preprocessing, network);
        var (storedPreprocessing, storedNetwork) = TrainedModelFormat.Read(stored, 1024);
        byte[] onnx = OnnxExporter.Export(stored, $"parity-{seed}");

        AssertSame(storedPreprocessing, storedNetwork, onnx, RandomRows(storedPreprocessing, Rows, (int)seed, missing: true));
        OnnxRunner.KeepForChecker($"parity-{seed}-{hidden.Count}.onnx", onnx);
    }

    private static void AssertSame(FittedPreprocessing preprocessing, Network network, byte[] onnx, JsonElement[] rows, Func<string, string>? columnOfInput = null)
    {
        var (outputs, decoded) = ServicePredict(preprocessing, network, rows);
        var exported = OnnxRunner.Run(onnx, rows, columnOfInput);
        int width = preprocessing.Target.OutputWidth;
        double maxDifference = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            if (!preprocessing.Target.IsClassification)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs(exported.Values![r] - decoded[r].Value!.Value));
                continue;
            }

            float[] expected = width == 1 ? [1f - outputs[r], outputs[r]] : outputs.AsSpan(r * width, width).ToArray();
            Assert.Equal(expected.Length, exported.Probabilities![r].Length);
            for (int c = 0; c < expected.Length; c++)
                maxDifference = Math.Max(maxDifference, Math.Abs(exported.Probabilities[r][c] - expected[c]));
            Assert.Equal(decoded[r].Label, exported.Labels![r]);
        }

        Assert.True(maxDifference <= Tolerance, $"max |ONNX − service| = {maxDifference:E3}");
    }

    /// <summary>What PredictionService does with inline rows, without the database.</summary>
    private static (float[] Outputs, PredictedRow[] Decoded) ServicePredict(FittedPreprocessing preprocessing, Network network, JsonElement[] rows)
    {
        var encoder = new RawRowEncoder(preprocessing);
        var inputs = new float[rows.Length * preprocessing.InputWidth];
        var errors = new Dictionary<string, string[]>();
        for (int r = 0; r < rows.Length; r++)
            encoder.Encode(rows[r], r, inputs.AsSpan(r * preprocessing.InputWidth, preprocessing.InputWidth), errors, []);
        Assert.Empty(errors);
        var outputs = new float[rows.Length * preprocessing.Target.OutputWidth];
        network.Predict(inputs, rows.Length, outputs);
        return (outputs, OutputDecoder.Decode(preprocessing.Target, outputs, rows.Length));
    }

    private static FittedPreprocessing Preprocessing(Task task, MissingValueStrategy missing)
    {
        var features = new[]
        {
            new FeatureEncoding("x1", false, 0.5f, 2f, 0.25f, []),
            new FeatureEncoding("color", true, 0f, 1f, 0f, ["red", "green", "blue"]),
            new FeatureEncoding("x2", false, -1f, 0.5f, -1.1f, []),
            new FeatureEncoding("size", true, 0f, 1f, 0f, ["s", "m"]),
            new FeatureEncoding("x3", false, 10f, 3f, 9f, []),
        };
        return new FittedPreprocessing(features, Target(task), missing);
    }

    private static TargetEncoding Target(Task task) => task switch
    {
        Task.Binary => new TargetEncoding("y", true, ["no", "yes"], 0f, 1f, 1),
        Task.MultiClass => new TargetEncoding("y", true, ["a", "b", "c"], 0f, 1f, 3),
        _ => new TargetEncoding("y", false, [], 3.5f, 2.25f, 1),
    };

    /// <summary>The hidden layers plus the output layer the service adds: sigmoid for two classes, softmax for more, linear for regression.</summary>
    private static Network Network(FittedPreprocessing preprocessing, List<LayerSpec> hidden, ulong seed)
    {
        var target = preprocessing.Target;
        var output = new DenseLayerSpec(target.OutputWidth, !target.IsClassification ? ActivationKind.Linear
            : target.OutputWidth == 1 ? ActivationKind.Sigmoid : ActivationKind.Softmax);
        return new Network(new NetworkSpec(preprocessing.InputWidth, [.. hidden, output], Engine.Initializers.InitializerKind.GlorotUniform, seed));
    }

    /// <summary>Running statistics and scale/shift away from their initial 0/1/1/0, so the layer does something to check.</summary>
    private static void RandomizeBatchNorm(Network network, ulong seed)
    {
        var random = new Random((int)seed);
        foreach (var layer in network.Layers.OfType<BatchNormalizationLayer>())
            for (int i = 0; i < layer.InputSize; i++)
            {
                layer.RunningMean[i] = (float)(random.NextDouble() - 0.5);
                layer.RunningVariance[i] = (float)(0.2 + random.NextDouble() * 2);
                layer.Gamma.Value[i] = (float)(0.5 + random.NextDouble());
                layer.Beta.Value[i] = (float)(random.NextDouble() - 0.5);
            }
    }

    /// <summary>Rows of raw values around each feature's fitted range; with <paramref name="missing"/>, some numbers null or "NA" and some categories null or unseen.</summary>
    private static JsonElement[] RandomRows(FittedPreprocessing preprocessing, int count, int seed, bool missing)
    {
        var random = new Random(seed);
        var rows = new List<Dictionary<string, object?>>(count);
        for (int r = 0; r < count; r++)
        {
            var row = new Dictionary<string, object?>();
            foreach (var feature in preprocessing.Features)
            {
                double draw = random.NextDouble();
                if (feature.IsCategorical)
                    row[feature.Name] = missing && draw < 0.1 ? null
                        : missing && draw < 0.2 || feature.Categories.Length == 0 ? "purple"
                        : feature.Categories[random.Next(feature.Categories.Length)];
                else
                    row[feature.Name] = missing && draw < 0.1 ? null
                        : missing && draw < 0.15 ? "NA"
                        : Math.Round(feature.Center + (random.NextDouble() * 4 - 2) * feature.Scale, 4);
            }

            rows.Add(row);
        }

        return JsonRows(rows);
    }

    private static JsonElement[] JsonRows(IEnumerable<Dictionary<string, object?>> rows) =>
        [.. rows.Select(r => JsonSerializer.SerializeToElement(r))];
}
