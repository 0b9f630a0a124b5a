namespace TrainingService.Engine.Specs;

/// <summary>
/// Declarative description of one layer of a <see cref="NetworkSpec"/>; the service's JSON model
/// definition maps onto these records one to one. The set of kinds is closed.
/// </summary>
public abstract record LayerSpec
{
    private protected LayerSpec()
    {
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <c>layers[index].field</c> when a value is out of range.</summary>
    public abstract void Validate(int index);

    /// <summary>Number of features this layer outputs for <paramref name="inputSize"/> input features.</summary>
    public abstract int OutputSize(int inputSize);

    /// <summary>
    /// Trainable scalars this layer holds for <paramref name="inputSize"/> input features, as its built layer will
    /// (<see cref="LayerSummary.ParameterCount"/>); lets a caller size a network before allocating it.
    /// </summary>
    public abstract long ParameterCount(int inputSize);

    private protected static ArgumentException Invalid(int index, string field, string message) =>
        new($"layers[{index}].{field}: {message}", $"layers[{index}].{field}");
}
