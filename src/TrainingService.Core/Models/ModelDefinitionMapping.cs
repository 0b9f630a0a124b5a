using TrainingService.Engine.Activations;
using TrainingService.Engine.Initializers;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Specs;

namespace TrainingService.Core.Models;

/// <summary>
/// The one place a <see cref="ModelDefinition"/> becomes engine specs. Call it once the dataset is known: the input
/// width (after one-hot encoding) and the output layer (<see cref="ModelOutput.TryResolve"/>) come from the data.
/// </summary>
public static class ModelDefinitionMapping
{
    /// <summary>
    /// The hidden layers plus the output layer. Every dense layer carries its effective l1/l2/maxNorm (its own override,
    /// else the model's), so the trainer's global weight penalties must be 0. The output layer ends in softmax/sigmoid so
    /// predictions are probabilities; the engine fuses that activation with the matching cross-entropy while training.
    /// </summary>
    public static NetworkSpec ToNetworkSpec(ModelDefinition definition, int inputSize, OutputLayerSpec output)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(output);
        var regularization = definition.Regularization;
        var layers = new List<LayerSpec>(definition.Layers.Count + 1);
        foreach (LayerDefinition layer in definition.Layers)
            layers.Add(ToLayerSpec(layer, regularization));
        layers.Add(new DenseLayerSpec(output.Units, ToActivationKind(output.Activation),
            L1: (float)regularization.L1, L2: (float)regularization.L2, MaxNorm: (float?)regularization.MaxNorm));
        return new NetworkSpec(inputSize, layers, ToInitializerKind(definition.Initializer), (ulong)definition.Seed);
    }

    /// <summary>The optimizer with every parameter explicit. Gradient clipping is the trainer's: <see cref="OptimizerDefinition.GradientClipNorm"/>.</summary>
    public static OptimizerSpec ToOptimizerSpec(OptimizerDefinition optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return new OptimizerSpec
        {
            Type = ToOptimizerKind(optimizer.Type),
            LearningRate = (float)optimizer.LearningRate,
            Momentum = (float?)optimizer.Momentum,
            Beta1 = (float?)optimizer.Beta1,
            Beta2 = (float?)optimizer.Beta2,
            Rho = (float?)optimizer.Rho,
            Epsilon = (float?)optimizer.Epsilon,
            WeightDecay = (float?)optimizer.WeightDecay,
        };
    }

    /// <summary>The engine loss kind of a resolved output (never <see cref="LossFunction.Auto"/>).</summary>
    public static LossKind ToLossKind(OutputLayerSpec output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.Loss switch
        {
            LossFunction.MeanSquaredError => LossKind.MeanSquaredError,
            LossFunction.MeanAbsoluteError => LossKind.MeanAbsoluteError,
            LossFunction.Huber => LossKind.Huber,
            LossFunction.BinaryCrossEntropy => LossKind.BinaryCrossEntropy,
            LossFunction.CategoricalCrossEntropy => LossKind.CategoricalCrossEntropy,
            _ => throw new ArgumentException($"Loss {output.Loss} must be resolved with ModelOutput.TryResolve first.", nameof(output)),
        };
    }

    private static LayerSpec ToLayerSpec(LayerDefinition layer, RegularizationDefinition regularization) => layer switch
    {
        DenseLayerDefinition d => new DenseLayerSpec(d.Units, ToActivationKind(d.Activation),
            L1: (float)(d.L1 ?? regularization.L1), L2: (float)(d.L2 ?? regularization.L2), MaxNorm: (float?)(d.MaxNorm ?? regularization.MaxNorm)),
        DropoutLayerDefinition d => new DropoutLayerSpec((float)d.Rate),
        BatchNormalizationLayerDefinition => new BatchNormalizationLayerSpec(),
        _ => throw new ArgumentException($"Unknown layer definition {layer.GetType().Name}.", nameof(layer)),
    };

    private static ActivationKind ToActivationKind(Activation activation) => activation switch
    {
        Activation.Relu => ActivationKind.Relu,
        Activation.LeakyRelu => ActivationKind.LeakyRelu,
        Activation.Elu => ActivationKind.Elu,
        Activation.Gelu => ActivationKind.Gelu,
        Activation.Sigmoid => ActivationKind.Sigmoid,
        Activation.Tanh => ActivationKind.Tanh,
        Activation.Linear => ActivationKind.Linear,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };

    private static ActivationKind ToActivationKind(OutputActivation activation) => activation switch
    {
        OutputActivation.Softmax => ActivationKind.Softmax,
        OutputActivation.Sigmoid => ActivationKind.Sigmoid,
        _ => ActivationKind.Linear,
    };

    // He and LeCun as normal distributions (their usual form), Glorot uniform (Keras' default form).
    private static InitializerKind ToInitializerKind(WeightInitializer initializer) => initializer switch
    {
        WeightInitializer.He => InitializerKind.HeNormal,
        WeightInitializer.Glorot => InitializerKind.GlorotUniform,
        WeightInitializer.Lecun => InitializerKind.LecunNormal,
        _ => throw new ArgumentOutOfRangeException(nameof(initializer), initializer, null),
    };

    internal static OptimizerKind ToOptimizerKind(OptimizerType type) => type switch
    {
        OptimizerType.Sgd => OptimizerKind.Sgd,
        OptimizerType.Momentum => OptimizerKind.Momentum,
        OptimizerType.Nesterov => OptimizerKind.Nesterov,
        OptimizerType.Adagrad => OptimizerKind.Adagrad,
        OptimizerType.Rmsprop => OptimizerKind.RmsProp,
        OptimizerType.Adadelta => OptimizerKind.AdaDelta,
        OptimizerType.Adam => OptimizerKind.Adam,
        OptimizerType.Adamw => OptimizerKind.AdamW,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
