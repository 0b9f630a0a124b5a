namespace TrainingService.Engine.Optimizers;

/// <summary>The update rules an <see cref="OptimizerSpec"/> can name.</summary>
public enum OptimizerKind
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
