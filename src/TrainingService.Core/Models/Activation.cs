namespace TrainingService.Core.Models;

/// <summary>Activations a hidden dense layer may use (the output activation is chosen by the service).</summary>
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
