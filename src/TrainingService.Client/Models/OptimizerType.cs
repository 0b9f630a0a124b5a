namespace TrainingService.Client;

/// <summary>Update rules.</summary>
public enum OptimizerType
{
    Sgd,
    Momentum,
    Nesterov,
    Adagrad,
    Rmsprop,
    Adadelta,
    Adam,
    Adamw,
}
