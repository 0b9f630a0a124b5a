namespace TrainingService.Core.Export.Onnx;

/// <summary>
/// A graph under construction: nodes in topological order (each added after its inputs), constants as initializers,
/// declared inputs and outputs. Every value name is unique: inputs and outputs are claimed first with the names
/// callers see, and intermediate values get fresh names derived from a hint, so a feature column called like an
/// intermediate value cannot collide with it.
/// </summary>
internal sealed class OnnxGraph(string name)
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly List<OnnxValueInfo> _valueInfo = [];

    public string Name { get; } = name;

    public IReadOnlyList<OnnxNode> Nodes => _nodes;

    public IReadOnlyList<OnnxTensor> Initializers => _initializers;

    public IReadOnlyList<OnnxValueInfo> Inputs => _inputs;

    public IReadOnlyList<OnnxValueInfo> Outputs => _outputs;

    /// <summary>Declared types of intermediate values, where an operator's type inference gives none.</summary>
    public IReadOnlyList<OnnxValueInfo> ValueInfo => _valueInfo;

    /// <summary>Whether <paramref name="value"/> is already the name of a value in the graph.</summary>
    public bool IsTaken(string value) => _names.Contains(value);

    /// <summary>Claims <paramref name="value"/> exactly (an input's or output's contract name).</summary>
    /// <exception cref="InvalidOperationException">The name is taken.</exception>
    public string Claim(string value) =>
        _names.Add(value) ? value : throw new InvalidOperationException($"The ONNX value name '{value}' is used twice.");

    /// <summary><paramref name="hint"/>, or it with the first free numeric suffix.</summary>
    public string Fresh(string hint)
    {
        if (_names.Add(hint))
            return hint;
        for (int i = 1; ; i++)
            if (_names.Add($"{hint}_{i}"))
                return $"{hint}_{i}";
    }

    public void AddInput(OnnxValueInfo input) => _inputs.Add(input);

    public void AddOutput(OnnxValueInfo output) => _outputs.Add(output);

    public void Describe(OnnxValueInfo value) => _valueInfo.Add(value);

    /// <summary>Stores a constant under a fresh name derived from <paramref name="hint"/> and returns that name.</summary>
    public string Constant(string hint, OnnxTensor tensor)
    {
        string value = Fresh(hint);
        _initializers.Add(tensor with { Name = value });
        return value;
    }

    /// <summary>Adds a node writing one value, to <paramref name="output"/> when given (a claimed name), else to a fresh name.</summary>
    public string Add(string opType, string[] inputs, OnnxAttribute[]? attributes = null, string? output = null, string domain = "")
    {
        string result = output ?? Fresh(opType.ToLowerInvariant());
        _nodes.Add(new OnnxNode(opType, $"{opType}_{_nodes.Count}", inputs, [result], attributes ?? [], domain));
        return result;
    }
}
