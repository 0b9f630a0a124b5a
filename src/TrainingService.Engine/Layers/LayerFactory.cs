using TrainingService.Engine.Initializers;
using TrainingService.Engine.Specs;

namespace TrainingService.Engine.Layers;

internal static class LayerFactory
{
    /// <summary>Creates the layer for <paramref name="spec"/>, dense weights drawn from <paramref name="initRandom"/>.</summary>
    public static ILayer Create(LayerSpec spec, int index, int inputSize, LayerContext context, InitializerKind defaultInitializer, SeededRandom initRandom)
    {
        switch (spec)
        {
            case DenseLayerSpec dense:
                var layer = new DenseLayer(LayerNames.Name(spec, index), inputSize, dense, context);
                InitialWeights.Fill(dense.Initializer ?? defaultInitializer, layer.Weights.Value, inputSize, dense.Units, initRandom);
                return layer;
            case DropoutLayerSpec dropout:
                return new DropoutLayer(LayerNames.Name(spec, index), inputSize, dropout, context);
            case BatchNormalizationLayerSpec batchNorm:
                return new BatchNormalizationLayer(LayerNames.Name(spec, index), inputSize, batchNorm);
            case ActivationLayerSpec activation:
                return new ActivationLayer(LayerNames.Name(spec, index), inputSize, activation);
            default:
                throw new ArgumentException($"layers[{index}]: unsupported layer type {spec.GetType().Name}.", nameof(spec));
        }
    }
}
