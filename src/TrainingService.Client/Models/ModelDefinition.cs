namespace TrainingService.Client;

/// <summary>
/// A model definition with every default filled in, without a name or id: a tuning job's base model
/// (<see cref="TuningJob.BaseModel"/>), which its trials change by the sampled values. The same fields as a
/// <see cref="Model"/>; <see cref="ToCreateModelRequest"/> sends it back as a new model or another search's base.
/// </summary>
public sealed record ModelDefinition(
    ModelTask Task,
    string TargetColumn,
    IReadOnlyList<string>? FeatureColumns,
    IReadOnlyList<Layer> Layers,
    LossFunction Loss,
    double? HuberDelta,
    Optimizer Optimizer,
    Regularization Regularization,
    WeightInitializer Initializer,
    Preprocessing Preprocessing,
    long Seed)
{
    /// <summary>This definition as a request under <paramref name="name"/>, every field set as here.</summary>
    public CreateModelRequest ToCreateModelRequest(string name) => new(name, Task, TargetColumn)
    {
        FeatureColumns = FeatureColumns,
        Layers = Layers,
        Loss = Loss,
        HuberDelta = HuberDelta,
        Optimizer = Optimizer,
        Regularization = Regularization,
        Initializer = Initializer,
        Preprocessing = Preprocessing,
        Seed = Seed,
    };
}
