using TrainingService.Core.Data;
using TrainingService.Core.Models;
using TrainingService.Engine;
using TrainingService.Engine.Activations;
using TrainingService.Engine.Initializers;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Specs;

namespace TrainingService.Core.Tests.Models;

public sealed class ModelDefinitionMappingTests
{
    private static readonly ModelDefinition Definition = new(
        ModelTask.Classification, "y", null,
        [
            new DenseLayerDefinition(16, Activation.LeakyRelu, L2: 0.5),
            new BatchNormalizationLayerDefinition(),
            new DropoutLayerDefinition(0.25),
            new DenseLayerDefinition(8, Activation.Tanh),
        ],
        LossFunction.Auto, null, OptimizerDefaults.For(OptimizerType.Rmsprop),
        new RegularizationDefinition(0.01, 0.001, 3), WeightInitializer.Lecun,
        new PreprocessingDefinition(NumericScaling.Standardize, MissingValueStrategy.Mean), 7);

    [Fact]
    public void ToNetworkSpec_ThreeClasses_AppendsSoftmaxOutputAndEffectiveRegularization()
    {
        Assert.True(ModelOutput.TryResolve(Definition, 3, out var output, out _));

        var spec = ModelDefinitionMapping.ToNetworkSpec(Definition, inputSize: 5, output);

        Assert.Equal(5, spec.Layers.Count);
        Assert.Equal(new DenseLayerSpec(16, ActivationKind.LeakyRelu, L1: 0.01f, L2: 0.5f, MaxNorm: 3f), spec.Layers[0]);
        Assert.IsType<BatchNormalizationLayerSpec>(spec.Layers[1]);
        Assert.Equal(new DropoutLayerSpec(0.25f), spec.Layers[2]);
        Assert.Equal(new DenseLayerSpec(3, ActivationKind.Softmax, L1: 0.01f, L2: 0.001f, MaxNorm: 3f), spec.Layers[4]);
        Assert.Equal(InitializerKind.LecunNormal, spec.Initializer);
        Assert.Equal(7UL, spec.Seed);
        Assert.Equal(3, new Network(spec).OutputSize);
    }

    [Fact]
    public void ToNetworkSpec_TwoClassesAutoLoss_AppendsOneSigmoidUnit()
    {
        Assert.True(ModelOutput.TryResolve(Definition, 2, out var output, out _));

        var spec = ModelDefinitionMapping.ToNetworkSpec(Definition, inputSize: 5, output);

        Assert.Equal(LossFunction.BinaryCrossEntropy, output.Loss);
        Assert.Equal(new DenseLayerSpec(1, ActivationKind.Sigmoid, L1: 0.01f, L2: 0.001f, MaxNorm: 3f), spec.Layers[^1]);
    }

    [Fact]
    public void TryResolve_BinaryLossWithThreeClasses_FailsNamingTarget()
    {
        var definition = Definition with { Loss = LossFunction.BinaryCrossEntropy };

        Assert.False(ModelOutput.TryResolve(definition, 3, out _, out string error));
        Assert.Contains("'y'", error);
    }

    public static TheoryData<OptimizerType> OptimizerTypes => new(Enum.GetValues<OptimizerType>());

    [Theory]
    [MemberData(nameof(OptimizerTypes))]
    public void ToOptimizerSpec_CoreDefaults_GiveTheEngineDefaultsExactly(OptimizerType type)
    {
        var spec = ModelDefinitionMapping.ToOptimizerSpec(OptimizerDefaults.For(type));

        Assert.Equal(OptimizerSpec.DefaultsFor(spec.Type), spec);
    }

    [Fact]
    public void ToOptimizerSpec_Rmsprop_CarriesEveryParameter()
    {
        var spec = ModelDefinitionMapping.ToOptimizerSpec(Definition.Optimizer);

        Assert.Equal(OptimizerKind.RmsProp, spec.Type);
        Assert.Equal(0.001f, spec.LearningRate);
        Assert.Equal(0.9f, spec.Rho);
        Assert.Equal(1e-8f, spec.Epsilon);
        Assert.Null(spec.Beta1);
    }

    [Fact]
    public void StoredJson_RoundTrip_PreservesDefinition()
    {
        var copy = StoredJson.Deserialize<ModelDefinition>(StoredJson.Serialize(Definition));

        Assert.Equal(Definition.Layers, copy.Layers);
        Assert.Equal(Definition with { Layers = copy.Layers }, copy);
    }
}
