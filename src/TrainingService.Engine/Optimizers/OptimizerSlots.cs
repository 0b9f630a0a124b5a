namespace TrainingService.Engine.Optimizers;

/// <summary>
/// Per-parameter state buffers of an optimizer (e.g. Adam's first and second moments), allocated once
/// on the first step and checked against the parameter list on every later step.
/// </summary>
internal sealed class OptimizerSlots(OptimizerKind type)
{
    // One table for the optimizers and for callers sizing a job's memory before it runs.
    private readonly int _slotsPerParameter = OptimizerSpec.StateSlotsPerParameter(type);

    private float[][] _slots = [];

    public long StepCount { get; set; }

    /// <summary>Allocates the slots on first use; afterwards verifies the parameters still match them.</summary>
    public void Prepare(IReadOnlyList<Parameter> parameters)
    {
        if (_slotsPerParameter == 0)
            return;
        if (_slots.Length == 0)
        {
            _slots = new float[parameters.Count * _slotsPerParameter][];
            for (int p = 0; p < parameters.Count; p++)
                for (int s = 0; s < _slotsPerParameter; s++)
                    _slots[p * _slotsPerParameter + s] = new float[parameters[p].Length];
            return;
        }
        if (_slots.Length != parameters.Count * _slotsPerParameter)
            throw new InvalidOperationException(
                $"The optimizer was used with {_slots.Length / _slotsPerParameter} parameters; it now got {parameters.Count}.");
        for (int p = 0; p < parameters.Count; p++)
        {
            if (_slots[p * _slotsPerParameter].Length != parameters[p].Length)
                throw new InvalidOperationException(
                    $"Parameter {p} ('{parameters[p].Name}') has {parameters[p].Length} values; the optimizer state has {_slots[p * _slotsPerParameter].Length}.");
        }
    }

    public Span<float> Get(int parameterIndex, int slot) => _slots[parameterIndex * _slotsPerParameter + slot];

    public float[] GetArray(int parameterIndex, int slot) => _slots[parameterIndex * _slotsPerParameter + slot];

    public OptimizerState ToState() =>
        new(type, StepCount, Array.ConvertAll(_slots, s => (float[])s.Clone()));

    public void Load(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Type != type)
            throw new ArgumentException($"State of a {state.Type} optimizer cannot be loaded into a {type} optimizer.", nameof(state));
        if (state.Slots.Count % Math.Max(1, _slotsPerParameter) != 0 || (_slotsPerParameter == 0 && state.Slots.Count != 0))
            throw new ArgumentException($"A {type} optimizer keeps {_slotsPerParameter} slots per parameter; the state has {state.Slots.Count}.", nameof(state));
        ArgumentOutOfRangeException.ThrowIfNegative(state.StepCount);
        _slots = state.Slots.Select(s => (float[])s.Clone()).ToArray();
        StepCount = state.StepCount;
    }
}
