using TrainingService.Engine.Activations;
using TrainingService.Engine.Initializers;
using TrainingService.Engine.Specs;

namespace TrainingService.Engine;

/// <summary>Fluent shorthand for a <see cref="NetworkSpec"/>, e.g. <c>new NetworkBuilder(784).Dense(128, ActivationKind.Relu).Dropout(0.2f).Dense(10, ActivationKind.Softmax).Build()</c>.</summary>
public sealed class NetworkBuilder(int inputSize)
{
    private readonly List<LayerSpec> _layers = [];
    private InitializerKind _initializer = InitializerKind.GlorotUniform;
    private ulong _seed;

    public NetworkBuilder Dense(int units, ActivationKind activation = ActivationKind.Linear, float? activationAlpha = null) =>
        Add(new DenseLayerSpec(units, activation, activationAlpha));

    public NetworkBuilder Dropout(float rate) => Add(new DropoutLayerSpec(rate));

    public NetworkBuilder BatchNormalization(float momentum = 0.99f, float epsilon = 0.001f) => Add(new BatchNormalizationLayerSpec(momentum, epsilon));

    public NetworkBuilder Activation(ActivationKind activation, float? alpha = null) => Add(new ActivationLayerSpec(activation, alpha));

    /// <summary>Adds any layer spec, e.g. a <see cref="DenseLayerSpec"/> with per-layer regularization.</summary>
    public NetworkBuilder Add(LayerSpec layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        _layers.Add(layer);
        return this;
    }

    public NetworkBuilder WithInitializer(InitializerKind initializer)
    {
        _initializer = initializer;
        return this;
    }

    public NetworkBuilder WithSeed(ulong seed)
    {
        _seed = seed;
        return this;
    }

    public NetworkSpec BuildSpec() => new(inputSize, _layers.ToArray(), _initializer, _seed);

    public Network Build(int maxBatchSize = Network.DefaultMaxBatchSize, int maxThreads = 1) => new(BuildSpec(), maxBatchSize, maxThreads);
}
