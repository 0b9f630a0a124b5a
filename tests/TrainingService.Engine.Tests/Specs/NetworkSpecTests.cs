using TrainingService.Engine.Activations;
using TrainingService.Engine.Specs;

namespace TrainingService.Engine.Tests.Specs;

public sealed class NetworkSpecTests
{
    public static TheoryData<LayerSpec, string> InvalidLayers => new()
    {
        { new DenseLayerSpec(0), "layers[1].units" },
        { new DenseLayerSpec(3, (ActivationKind)99), "layers[1].activation" },
        { new DenseLayerSpec(3, ActivationKind.Relu, ActivationAlpha: 0.5f), "layers[1].activationAlpha" },
        { new DenseLayerSpec(3, L2: -1f), "layers[1].l2" },
        { new DenseLayerSpec(3, MaxNorm: 0f), "layers[1].maxNorm" },
        { new DropoutLayerSpec(1f), "layers[1].rate" },
        { new BatchNormalizationLayerSpec(Epsilon: 0f), "layers[1].epsilon" },
        { new ActivationLayerSpec(ActivationKind.LeakyRelu, -1f), "layers[1].alpha" },
    };

    [Theory]
    [MemberData(nameof(InvalidLayers))]
    public void Validate_InvalidLayer_ThrowsNamingTheField(LayerSpec invalid, string field)
    {
        var spec = new NetworkSpec(4, [new DenseLayerSpec(3), invalid]);

        var e = Assert.Throws<ArgumentException>(spec.Validate);
        Assert.Equal(field, e.ParamName);
        Assert.StartsWith(field, e.Message);
    }

    [Fact]
    public void Validate_NoLayers_Throws() =>
        Assert.Equal("layers", Assert.Throws<ArgumentException>(new NetworkSpec(4, []).Validate).ParamName);

    [Fact]
    public void OutputSize_MixedLayers_IsLastDenseWidth() =>
        Assert.Equal(7, new NetworkSpec(4, [new DenseLayerSpec(9), new DropoutLayerSpec(0.1f), new DenseLayerSpec(7), new BatchNormalizationLayerSpec()]).OutputSize());

    [Fact]
    public void ParameterCount_MixedLayers_EqualsTheBuiltNetworksParameters()
    {
        var spec = new NetworkSpec(5, [
            new DenseLayerSpec(9, ActivationKind.Relu), new BatchNormalizationLayerSpec(), new DropoutLayerSpec(0.2f),
            new ActivationLayerSpec(ActivationKind.Tanh), new DenseLayerSpec(3, ActivationKind.Softmax)]);

        // (5 + 1)·9 + 2·9 + (9 + 1)·3
        Assert.Equal(102, spec.ParameterCount());
        Assert.Equal(new Network(spec).Summary().TotalParameters, spec.ParameterCount());
    }

    [Fact]
    public void Summary_MixedLayers_EqualsTheBuiltNetworksSummaryRowByRow()
    {
        var spec = new NetworkSpec(5, [
            new DenseLayerSpec(9, ActivationKind.Relu), new BatchNormalizationLayerSpec(), new DropoutLayerSpec(0.2f),
            new ActivationLayerSpec(ActivationKind.Tanh), new DenseLayerSpec(3, ActivationKind.Softmax)]);

        NetworkSummary planned = spec.Summary();
        NetworkSummary built = new Network(spec).Summary();

        Assert.Equal(built.Layers, planned.Layers);
        Assert.Equal(built.ToString(), planned.ToString());
        Assert.Equal("Dense(3, Softmax)", planned.Layers[^1].Type);
        Assert.Equal(102, planned.TotalParameters);
    }

    [Fact]
    public void Summary_WidthBeyondMemory_IsComputedWithoutBuildingTheNetwork() =>
        Assert.Equal(65_537L * 65_536 * 2, new NetworkSpec(65_536, [new DenseLayerSpec(65_536), new DenseLayerSpec(65_536)]).Summary().TotalParameters);

    [Fact]
    public void ParameterCount_BeyondInt32_DoesNotOverflow() =>
        Assert.Equal(65_537L * 65_536 * 2, new NetworkSpec(65_536, [new DenseLayerSpec(65_536), new DenseLayerSpec(65_536)]).ParameterCount());

    [Fact]
    public void Equals_SameLayersInDifferentLists_AreEqualWithEqualHashes()
    {
        var a = new NetworkSpec(4, [new DenseLayerSpec(3, ActivationKind.Relu), new DropoutLayerSpec(0.5f)], Seed: 9);
        var b = new NetworkSpec(4, new List<LayerSpec> { new DenseLayerSpec(3, ActivationKind.Relu), new DropoutLayerSpec(0.5f) }, Seed: 9);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Seed = 10 });
        Assert.NotEqual(a, new NetworkSpec(4, [new DenseLayerSpec(3, ActivationKind.Relu), new DropoutLayerSpec(0.4f)], Seed: 9));
    }

    [Fact]
    public void NetworkBuilder_FluentCalls_BuildTheEquivalentSpec()
    {
        NetworkSpec spec = new NetworkBuilder(3).Dense(4, ActivationKind.Elu, 0.5f).Dropout(0.2f).BatchNormalization().Activation(ActivationKind.Tanh)
            .WithSeed(5).BuildSpec();

        Assert.Equal(
            [new DenseLayerSpec(4, ActivationKind.Elu, 0.5f), new DropoutLayerSpec(0.2f), new BatchNormalizationLayerSpec(), new ActivationLayerSpec(ActivationKind.Tanh)],
            spec.Layers);
        Assert.Equal((3, 5UL), (spec.InputSize, spec.Seed));
    }
}
