namespace TrainingService.Client;

/// <summary>The activation of the output layer the service adds.</summary>
public enum OutputActivation
{
    Softmax,
    Sigmoid,
    Linear,
}
