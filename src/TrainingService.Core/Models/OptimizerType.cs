namespace TrainingService.Core.Models;

/// <summary>Update rules a definition may name; <see cref="OptimizerDefaults"/> holds each one's parameters.</summary>
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
