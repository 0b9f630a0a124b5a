using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;

namespace TrainingService.Engine.Tests.Optimizers;

public sealed class OptimizerTests
{
    // 37 values: exercises the vector body and the scalar tail at every vector width.
    private const int Size = 37;

    public static TheoryData<OptimizerKind, float, int, float> BowlCases => new()
    {
        { OptimizerKind.Sgd, 0.05f, 400, 1e-4f },
        { OptimizerKind.Momentum, 0.02f, 400, 1e-4f },
        { OptimizerKind.Nesterov, 0.02f, 400, 1e-4f },
        { OptimizerKind.Adagrad, 0.5f, 2000, 1e-3f },
        { OptimizerKind.RmsProp, 0.002f, 4000, 1e-2f },
        { OptimizerKind.AdaDelta, 1.0f, 4000, 1e-2f },
        { OptimizerKind.Adam, 0.02f, 3000, 1e-3f },
        { OptimizerKind.AdamW, 0.02f, 3000, 1e-3f },
    };

    [Theory]
    [MemberData(nameof(BowlCases))]
    public void Step_QuadraticBowl_ReachesMinimum(OptimizerKind type, float learningRate, int steps, float tolerance)
    {
        var (a, c) = Bowl();
        var w = new Parameter("w", 1, Size, isWeight: false);
        IOptimizer optimizer = OptimizerFactory.Create(new OptimizerSpec { Type = type, LearningRate = learningRate });
        Parameter[] parameters = [w];

        for (int s = 0; s < steps; s++)
        {
            BowlGradient(w, a, c);
            optimizer.Step(parameters, learningRate);
        }

        for (int i = 0; i < Size; i++)
            Assert.True(Math.Abs(w.Value[i] - c[i]) < tolerance, $"{type}: w[{i}] = {w.Value[i]}, minimum at {c[i]}");
        Assert.Equal(steps, optimizer.StepCount);
    }

    [Fact]
    public void Step_AdamFirstThreeSteps_MatchHandComputedValues()
    {
        var w = new Parameter("w", 1, 1, isWeight: true);
        w.Value[0] = 1f;
        var adam = new Adam();
        float[] gradients = [0.5f, -0.2f, 0.1f];
        // m_t = 0.9·m + 0.1·g, v_t = 0.999·v + 0.001·g², w -= 0.1·m̂/(√v̂ + 1e-8), worked in double.
        double[] expected = [0.900000002, 0.8654394181165108, 0.8275002408356956];

        for (int t = 0; t < 3; t++)
        {
            w.Gradient[0] = gradients[t];
            adam.Step([w], 0.1f);
            Assert.Equal(expected[t], w.Value[0], 1e-6);
        }
    }

    [Fact]
    public void Step_AdamW_DecaysWeightsDecoupledFromGradient()
    {
        // Zero loss gradient: AdamW shrinks each weight in proportion to itself, w·(1 − lr·λ),
        // whereas Adam with the equivalent L2 gradient normalizes it into a step of lr per weight.
        var adamWWeights = new Parameter("w", 1, 2, isWeight: true);
        var bias = new Parameter("b", 1, 1, isWeight: false);
        adamWWeights.Value[0] = 2f;
        adamWWeights.Value[1] = -3f;
        bias.Value[0] = 5f;
        new AdamW(weightDecay: 0.1f).Step([adamWWeights, bias], 0.1f);

        var adamWeights = new Parameter("w", 1, 2, isWeight: true);
        adamWeights.Value[0] = 2f;
        adamWeights.Value[1] = -3f;
        WeightPenalty.Apply([adamWeights], 0f, 0.05f);
        new Adam().Step([adamWeights], 0.1f);

        Assert.Equal(1.98f, adamWWeights.Value[0], 1e-6f);
        Assert.Equal(-2.97f, adamWWeights.Value[1], 1e-6f);
        Assert.Equal(5f, bias.Value[0]);
        Assert.Equal(1.9f, adamWeights.Value[0], 1e-5f);
        Assert.Equal(-2.9f, adamWeights.Value[1], 1e-5f);
    }

    [Theory]
    [MemberData(nameof(OptimizerKinds.All), MemberType = typeof(OptimizerKinds))]
    public void SetState_RestoredMidRun_ContinuesBitIdentically(OptimizerKind type)
    {
        var (a, c) = Bowl();
        var spec = new OptimizerSpec { Type = type, LearningRate = 0.01f };
        var original = OptimizerFactory.Create(spec);
        var w = new Parameter("w", 1, Size, isWeight: true);
        for (int s = 0; s < 3; s++)
        {
            BowlGradient(w, a, c);
            original.Step([w], 0.01f);
        }
        OptimizerState saved = original.GetState();
        float[] savedWeights = (float[])w.Value.Clone();
        var restored = OptimizerFactory.Create(spec);
        restored.SetState(saved);
        var w2 = new Parameter("w", 1, Size, isWeight: true);
        savedWeights.CopyTo(w2.Value, 0);

        for (int s = 0; s < 3; s++)
        {
            BowlGradient(w, a, c);
            original.Step([w], 0.01f);
            BowlGradient(w2, a, c);
            restored.Step([w2], 0.01f);
        }

        Assert.Equal(w.Value, w2.Value);
        Assert.Equal(original.StepCount, restored.StepCount);
    }

    [Fact]
    public void SetState_OtherOptimizerType_Throws()
    {
        var state = new Adam().GetState();

        Assert.Throws<ArgumentException>(() => new RmsProp().SetState(state));
    }

    [Fact]
    public void Step_ParameterListChanged_Throws()
    {
        var adam = new Adam();
        adam.Step([new Parameter("a", 2, 2, true)], 0.1f);

        Assert.Throws<InvalidOperationException>(() => adam.Step([new Parameter("a", 2, 3, true)], 0.1f));
    }

    [Fact]
    public void Create_NoHyperparameters_UsesUsualDefaults()
    {
        Assert.Equal(0.001f, new OptimizerSpec().EffectiveLearningRate());
        Assert.Equal(OptimizerKind.Adam, new OptimizerSpec().Type);
        Assert.Equal(1.0f, new OptimizerSpec { Type = OptimizerKind.AdaDelta }.EffectiveLearningRate());
        Assert.Equal(0.01f, new OptimizerSpec { Type = OptimizerKind.Sgd }.EffectiveLearningRate());
        Assert.Equal(OptimizerKind.Nesterov, OptimizerFactory.Create(new OptimizerSpec { Type = OptimizerKind.Nesterov }).Type);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void DefaultsFor_EveryKind_StepsLikeASpecThatLeavesEverythingNull(OptimizerKind kind)
    {
        OptimizerSpec defaults = OptimizerSpec.DefaultsFor(kind);
        var (a, c) = Bowl();
        var explicitW = new Parameter("w", 1, Size, isWeight: true);
        var implicitW = new Parameter("w", 1, Size, isWeight: true);
        IOptimizer explicitOptimizer = OptimizerFactory.Create(defaults);
        IOptimizer implicitOptimizer = OptimizerFactory.Create(new OptimizerSpec { Type = kind });

        for (int s = 0; s < 5; s++)
        {
            BowlGradient(explicitW, a, c);
            BowlGradient(implicitW, a, c);
            explicitOptimizer.Step([explicitW], defaults.LearningRate!.Value);
            implicitOptimizer.Step([implicitW], new OptimizerSpec { Type = kind }.EffectiveLearningRate());
        }

        Assert.Equal(kind, defaults.Type);
        Assert.Equal(explicitW.Value, implicitW.Value);
        Assert.NotEqual(new float[Size], explicitW.Value);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0)]
    [InlineData(OptimizerKind.Momentum, 1)]
    [InlineData(OptimizerKind.Nesterov, 1)]
    [InlineData(OptimizerKind.Adagrad, 1)]
    [InlineData(OptimizerKind.RmsProp, 1)]
    [InlineData(OptimizerKind.AdaDelta, 2)]
    [InlineData(OptimizerKind.Adam, 2)]
    [InlineData(OptimizerKind.AdamW, 2)]
    public void StateSlotsPerParameter_AfterAStep_IsTheStateTheOptimizerKeeps(OptimizerKind kind, int slots)
    {
        Parameter[] parameters = [new Parameter("w", 3, 4, isWeight: true), new Parameter("b", 1, 4, isWeight: false)];
        IOptimizer optimizer = OptimizerFactory.Create(new OptimizerSpec { Type = kind });

        optimizer.Step(parameters, 0.01f);

        Assert.Equal(slots, OptimizerSpec.StateSlotsPerParameter(kind));
        Assert.Equal(slots * parameters.Length, optimizer.GetState().Slots.Count);
        Assert.Equal(slots * parameters.Sum(p => p.Length), optimizer.GetState().Slots.Sum(s => s.Length));
    }

    public static TheoryData<OptimizerKind> AllKinds => new(Enum.GetValues<OptimizerKind>());

    private static (float[] A, float[] C) Bowl()
    {
        var random = new SeededRandom(7);
        var a = new float[Size];
        var c = new float[Size];
        for (int i = 0; i < Size; i++)
        {
            a[i] = 0.5f + 1.5f * random.NextSingle();
            c[i] = 4f * random.NextSingle() - 2f;
        }
        return (a, c);
    }

    // f(w) = Σ a_i (w_i − c_i)², so ∂f/∂w_i = 2 a_i (w_i − c_i).
    private static void BowlGradient(Parameter w, float[] a, float[] c)
    {
        for (int i = 0; i < Size; i++)
            w.Gradient[i] = 2f * a[i] * (w.Value[i] - c[i]);
    }
}
