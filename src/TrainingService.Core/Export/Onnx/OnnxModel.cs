namespace TrainingService.Core.Export.Onnx;

/// <summary>What <c>ModelProto</c> holds besides the graph: the IR version, the operator sets imported and metadata.</summary>
internal sealed record OnnxModel(
    OnnxGraph Graph,
    long IrVersion,
    IReadOnlyList<(string Domain, long Version)> OperatorSets,
    string ProducerName,
    string ProducerVersion,
    string DocString,
    IReadOnlyList<KeyValuePair<string, string>> Metadata);
