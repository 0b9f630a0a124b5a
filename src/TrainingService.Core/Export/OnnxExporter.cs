using System.Text.Json;
using TrainingService.Core.Export.Onnx;
using TrainingService.Core.Training;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Engine;

namespace TrainingService.Core.Export;

/// <summary>
/// A trained model as one ONNX model: the fitted preprocessing and the network, so a caller feeds raw column values
/// and reads what <c>POST /api/models/{id}/predictions</c> would answer. Inputs: one per feature column, named after
/// it (see <see cref="InputNames"/>): float <c>[N, 1]</c> for numeric columns (NaN when missing), string
/// <c>[N, 1]</c> for categorical ones. Outputs: <see cref="LabelOutput"/> (string <c>[N]</c>) and
/// <see cref="ProbabilitiesOutput"/> (float <c>[N, classes]</c>, in the order of the target's labels) for
/// classification; <see cref="ValueOutput"/> (double <c>[N, 1]</c>) for regression. IR 8, opset 17 and
/// <c>ai.onnx.ml</c> 3 (ADR-011). Metadata: <c>target</c>, <c>task</c>, <c>feature_columns</c> and <c>class_labels</c>
/// (JSON arrays; the labels in the order of the probabilities' columns).
/// </summary>
public static class OnnxExporter
{
    public const long IrVersion = 8;
    public const long OperatorSetVersion = 17;
    public const long MlOperatorSetVersion = 3;
    public const string LabelOutput = "label";
    public const string ProbabilitiesOutput = "probabilities";
    public const string ValueOutput = "value";

    /// <summary>Converts the stored bytes of a trained model (<see cref="TrainedModelFormat"/>).</summary>
    /// <param name="name">The graph's name, e.g. the training job's id.</param>
    /// <exception cref="InvalidDataException">The bytes are not a trained model this build reads.</exception>
    public static byte[] Export(byte[] trainedModel, string name)
    {
        var (preprocessing, network) = TrainedModelFormat.Read(trainedModel, maxBatchSize: 1);
        return Export(preprocessing, network, name);
    }

    public static byte[] Export(FittedPreprocessing preprocessing, Network network, string name)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentNullException.ThrowIfNull(network);
        var graph = new OnnxPipeline(preprocessing, network).Build(name);
        var target = preprocessing.Target;
        var model = new OnnxModel(graph, IrVersion, [("", OperatorSetVersion), ("ai.onnx.ml", MlOperatorSetVersion)],
            "TrainingService", typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            $"Predicts '{target.Name}' ({(target.IsClassification ? "classification" : "regression")}) from raw feature columns; preprocessing included.",
            [
                new("target", target.Name),
                new("task", target.IsClassification ? "classification" : "regression"),
                new("feature_columns", JsonSerializer.Serialize(preprocessing.Features.Select(f => f.Name))),
                new("class_labels", JsonSerializer.Serialize(target.Labels)),
            ]);
        return OnnxProtoWriter.Write(model);
    }

    /// <summary>
    /// The graph's input names, in feature order: each feature column's own name, except that a column called like an
    /// output (<c>label</c>, <c>probabilities</c>, <c>value</c>) is fed as <c>&lt;name&gt;_input</c>.
    /// </summary>
    public static IReadOnlyList<string> InputNames(FittedPreprocessing preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        return OnnxPipeline.ClaimNames(new OnnxGraph(""), preprocessing).Inputs;
    }
}
