namespace TrainingService.Engine.Optimizers;

/// <summary>The update rules an <see cref="OptimizerSpec"/> can name.</summary>
public enum OptimizerType
{
    Sgd,
    Momentum,
    Nesterov,
    Adagrad,
    RmsProp,
    AdaDelta,
    Adam,
    AdamW,
}
