using TrainingService.Core.Export.Onnx;
using TrainingService.Core.Models;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Engine;
using TrainingService.Engine.Activations;
using TrainingService.Engine.Layers;
using TrainingService.Engine.Specs;

namespace TrainingService.Core.Export;

/// <summary>
/// Builds the ONNX graph of a trained model, step for step what a prediction does (<see cref="Predictions.RawRowEncoder"/>,
/// <see cref="Network.Predict"/>, <see cref="Predictions.OutputDecoder"/>): raw feature columns → one-hot blocks →
/// the input row in the model's layout → missing values filled → scaled → the layers → probabilities and label, or
/// the value in the target's units.
/// </summary>
internal sealed class OnnxPipeline(FittedPreprocessing preprocessing, Network network)
{
    private const string MlDomain = "ai.onnx.ml";

    private string? _categoryAxis;

    public OnnxGraph Build(string name)
    {
        var graph = new OnnxGraph(name);
        var (inputs, outputs) = ClaimNames(graph, preprocessing);
        DeclareInputs(graph, inputs);
        string x = Scale(graph, Impute(graph, InputRow(graph, inputs)));
        foreach (ILayer layer in network.Layers)
            x = Layer(graph, layer, x);
        if (preprocessing.Target.IsClassification)
            Classify(graph, x, outputs[0], outputs[1]);
        else
            Regress(graph, x, outputs[0]);
        return graph;
    }

    /// <summary>
    /// Claims the outputs' names, then one input name per feature: the column's own, or <c>&lt;name&gt;_input</c> (with a
    /// number if that is a column too) when an output has it. The outputs go first because their names are the contract (a feature may be called "value").
    /// </summary>
    public static (string[] Inputs, string[] Outputs) ClaimNames(OnnxGraph graph, FittedPreprocessing preprocessing)
    {
        string[] outputs = preprocessing.Target.IsClassification
            ? [graph.Claim(OnnxExporter.LabelOutput), graph.Claim(OnnxExporter.ProbabilitiesOutput)]
            : [graph.Claim(OnnxExporter.ValueOutput)];
        var features = preprocessing.Features;
        var inputs = new string[features.Count];
        // Every free column name first, so a renamed column cannot take another column's own name.
        for (int f = 0; f < features.Count; f++)
            if (!graph.IsTaken(features[f].Name))
                inputs[f] = graph.Claim(features[f].Name);
        for (int f = 0; f < features.Count; f++)
            inputs[f] ??= graph.Fresh(features[f].Name + "_input");
        return (inputs, outputs);
    }

    /// <summary>Numeric columns are float <c>[N, 1]</c> (NaN = missing), categorical ones string <c>[N, 1]</c>.</summary>
    private void DeclareInputs(OnnxGraph graph, string[] inputs)
    {
        for (int f = 0; f < inputs.Length; f++)
        {
            var feature = preprocessing.Features[f];
            graph.AddInput(new OnnxValueInfo(inputs[f], feature.IsCategorical ? OnnxDataType.String : OnnxDataType.Float, [OnnxDimension.Batch, new(1)],
                feature.IsCategorical
                    ? $"Column '{feature.Name}': one of {feature.Categories.Length} categories; anything else (or missing) is encoded as all zeros."
                    : $"Column '{feature.Name}': a number, NaN when missing."));
        }
    }

    /// <summary>The raw input row <c>[N, InputWidth]</c> in <see cref="FittedPreprocessing.Layout"/>: numbers as given, categories one-hot.</summary>
    private string InputRow(OnnxGraph graph, string[] inputs)
    {
        var pieces = new List<string>(inputs.Length);
        for (int f = 0; f < inputs.Length; f++)
        {
            var feature = preprocessing.Features[f];
            if (!feature.IsCategorical)
            {
                pieces.Add(inputs[f]);
                continue;
            }

            // A feature with no fitted categories has a zero-width block: its input is declared but not read.
            if (feature.Width == 0)
                continue;
            // zeros=1: an unseen category (and a missing one: the empty string) is all zeros, as RawRowEncoder encodes it.
            string oneHot = graph.Add("OneHotEncoder", [inputs[f]],
                [OnnxAttribute.Of("cats_strings", feature.Categories), OnnxAttribute.Of("zeros", 1L)], domain: MlDomain);
            // OneHotEncoder appends the category axis: [N, 1, k] → [N, k]. Its schema infers no output type, which
            // the checker's strict mode needs for the Squeeze after it, so the graph declares it.
            graph.Describe(new OnnxValueInfo(oneHot, OnnxDataType.Float, [OnnxDimension.Batch, new(1), new(feature.Width)]));
            _categoryAxis ??= graph.Constant("category_axis", OnnxTensor.Of("", [1L], 1));
            pieces.Add(graph.Add("Squeeze", [oneHot, _categoryAxis]));
        }

        if (pieces.Count == 0)
            throw new InvalidOperationException("The model has no input slots to export.");
        return pieces.Count == 1 ? pieces[0] : graph.Add("Concat", [.. pieces], [OnnxAttribute.Of("axis", 1L)]);
    }

    /// <summary>
    /// Missing numbers (NaN) become the fitted fill over the whole row: one-hot slots are never NaN. Under the 'error'
    /// policy the service refuses such a row; a graph cannot refuse one, so there the NaN flows through to the outputs.
    /// </summary>
    private string Impute(OnnxGraph graph, string row)
    {
        if (preprocessing.Missing == MissingValueStrategy.Error || preprocessing.Layout.NumericFeatures.IsEmpty)
            return row;
        float[] fill = SlotValues(f => f.Fill, 0f);
        string missing = graph.Add("IsNaN", [row]);
        return graph.Add("Where", [missing, graph.Constant("fill", OnnxTensor.Of("", fill, fill.Length)), row]);
    }

    /// <summary><c>(x − center) / scale</c> per slot, in float as <see cref="FittedPreprocessing.EncodeNumeric"/>; one-hot slots get 0 and 1, which leave them exact.</summary>
    private string Scale(OnnxGraph graph, string row)
    {
        float[] centers = SlotValues(f => f.Center, 0f);
        float[] scales = SlotValues(f => f.Scale, 1f);
        if (centers.All(c => c == 0f) && scales.All(s => s == 1f))
            return row;
        string centered = graph.Add("Sub", [row, graph.Constant("center", OnnxTensor.Of("", centers, centers.Length))]);
        return graph.Add("Div", [centered, graph.Constant("scale", OnnxTensor.Of("", scales, scales.Length))]);
    }

    private float[] SlotValues(Func<FeatureEncoding, float> numeric, float oneHot)
    {
        var values = new float[preprocessing.InputWidth];
        values.AsSpan().Fill(oneHot);
        foreach (int f in preprocessing.Layout.NumericFeatures)
            values[preprocessing.Layout.Offsets[f]] = numeric(preprocessing.Features[f]);
        return values;
    }

    private static string Layer(OnnxGraph graph, ILayer layer, string x)
    {
        switch (layer)
        {
            case DenseLayer dense:
                var spec = (DenseLayerSpec)dense.Spec;
                // The engine's weights are [in, out] row-major: Y = X·W + b is Gemm without transposes.
                string weights = graph.Constant($"{dense.Name}.weights", OnnxTensor.Of("", dense.Weights.Value, dense.InputSize, dense.OutputSize));
                string bias = graph.Constant($"{dense.Name}.bias", OnnxTensor.Of("", dense.Bias.Value, dense.OutputSize));
                return Activate(graph, graph.Add("Gemm", [x, weights, bias]), spec.Activation, spec.ActivationAlpha);
            case ActivationLayer activation:
                var activationSpec = (ActivationLayerSpec)activation.Spec;
                return Activate(graph, x, activationSpec.Activation, activationSpec.Alpha);
            case BatchNormalizationLayer batchNorm:
                // Inference form with the running statistics, as the engine's Predict; opset 15+ reads [N, C] inputs.
                int width = batchNorm.InputSize;
                return graph.Add("BatchNormalization",
                [
                    x,
                    graph.Constant($"{batchNorm.Name}.gamma", OnnxTensor.Of("", batchNorm.Gamma.Value, width)),
                    graph.Constant($"{batchNorm.Name}.beta", OnnxTensor.Of("", batchNorm.Beta.Value, width)),
                    graph.Constant($"{batchNorm.Name}.mean", OnnxTensor.Of("", batchNorm.RunningMean, width)),
                    graph.Constant($"{batchNorm.Name}.variance", OnnxTensor.Of("", batchNorm.RunningVariance, width)),
                ], [OnnxAttribute.Of("epsilon", ((BatchNormalizationLayerSpec)batchNorm.Spec).Epsilon)]);
            case DropoutLayer:
                return x; // identity at inference
            default:
                throw new NotSupportedException($"Layer {layer.Name} ({layer.GetType().Name}) has no ONNX form yet.");
        }
    }

    private static string Activate(OnnxGraph graph, string x, ActivationKind kind, float? alpha)
    {
        float effectiveAlpha = ActivationFunction.Create(kind, alpha).Alpha;
        return kind switch
        {
            ActivationKind.Linear => x,
            ActivationKind.Relu => graph.Add("Relu", [x]),
            ActivationKind.LeakyRelu => graph.Add("LeakyRelu", [x], [OnnxAttribute.Of("alpha", effectiveAlpha)]),
            ActivationKind.Elu => graph.Add("Elu", [x], [OnnxAttribute.Of("alpha", effectiveAlpha)]),
            ActivationKind.Gelu => Gelu(graph, x),
            ActivationKind.Sigmoid => graph.Add("Sigmoid", [x]),
            ActivationKind.Tanh => graph.Add("Tanh", [x]),
            ActivationKind.Softmax => graph.Add("Softmax", [x], [OnnxAttribute.Of("axis", -1L)]),
            _ => throw new NotSupportedException($"Activation {kind} has no ONNX form yet."),
        };
    }

    /// <summary>
    /// GELU's tanh approximation from elementary operators in the engine's own order (<c>Gelu</c> with
    /// <c>approximate="tanh"</c> is opset 20): <c>t = tanh(k·x·(1 + c·x²))</c>, <c>y = (x·t + x)·½</c>.
    /// </summary>
    private static string Gelu(OnnxGraph graph, string x)
    {
        string Scalar(string hint, float value) => graph.Constant(hint, OnnxTensor.Of("", [value]));
        string t = graph.Add("Mul", [x, x]);
        t = graph.Add("Mul", [t, Scalar("gelu_c", GeluActivation.CubicCoefficient)]);
        t = graph.Add("Add", [t, Scalar("one", 1f)]);
        t = graph.Add("Mul", [t, x]);
        t = graph.Add("Mul", [t, Scalar("gelu_k", GeluActivation.TanhScale)]);
        t = graph.Add("Tanh", [t]);
        string y = graph.Add("Add", [graph.Add("Mul", [t, x]), x]);
        return graph.Add("Mul", [y, Scalar("half", 0.5f)]);
    }

    /// <summary>
    /// Probabilities <c>[N, classes]</c> (one sigmoid unit becomes <c>[1 − p, p]</c>, as <see cref="Predictions.OutputDecoder"/>)
    /// and the label of the most probable class, the first on a tie, as the class label string.
    /// </summary>
    private void Classify(OnnxGraph graph, string x, string label, string probabilities)
    {
        string[] labels = preprocessing.Target.Labels;
        if (preprocessing.Target.OutputWidth == 1)
        {
            string negative = graph.Add("Sub", [graph.Constant("one", OnnxTensor.Of("", [1f], 1)), x]);
            graph.Add("Concat", [negative, x], [OnnxAttribute.Of("axis", 1L)], output: probabilities);
        }
        else
        {
            graph.Add("Identity", [x], output: probabilities);
        }

        string best = graph.Add("ArgMax", [probabilities], [OnnxAttribute.Of("axis", 1L), OnnxAttribute.Of("keepdims", 0L)]);
        graph.Add("Gather", [graph.Constant("labels", OnnxTensor.Of("", labels, labels.Length)), best], [OnnxAttribute.Of("axis", 0L)], output: label);
        graph.AddOutput(new OnnxValueInfo(label, OnnxDataType.String, [OnnxDimension.Batch], "The predicted class label."));
        graph.AddOutput(new OnnxValueInfo(probabilities, OnnxDataType.Float, [OnnxDimension.Batch, new(labels.Length)],
            $"Per class, in the order {string.Join(", ", labels)}."));
    }

    /// <summary>The standardized output back in the target's units, in double as <see cref="TargetEncoding.Decode"/> computes it.</summary>
    private void Regress(OnnxGraph graph, string x, string value)
    {
        var target = preprocessing.Target;
        string widened = graph.Add("Cast", [x], [OnnxAttribute.Of("to", (long)OnnxDataType.Double)]);
        string scaled = graph.Add("Mul", [widened, graph.Constant("target_scale", OnnxTensor.Of("", [(double)target.Scale], 1))]);
        graph.Add("Add", [scaled, graph.Constant("target_center", OnnxTensor.Of("", [(double)target.Center], 1))], output: value);
        graph.AddOutput(new OnnxValueInfo(value, OnnxDataType.Double, [OnnxDimension.Batch, new(1)], $"The predicted '{target.Name}'."));
    }
}
