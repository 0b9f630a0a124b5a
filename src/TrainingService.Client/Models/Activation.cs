namespace TrainingService.Client;

/// <summary>Activations of hidden dense layers.</summary>
public enum Activation
{
    Relu,
    LeakyRelu,
    Elu,
    Gelu,
    Sigmoid,
    Tanh,
    Linear,
}
