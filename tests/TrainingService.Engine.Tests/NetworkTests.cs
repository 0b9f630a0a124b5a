using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;

namespace TrainingService.Engine.Tests;

public sealed class NetworkTests
{
    [Fact]
    public void Forward_SameSpecAndSeed_IdenticalWeightsAndOutputs()
    {
        Network a = TwoLayer(seed: 7), b = TwoLayer(seed: 7);
        float[] x = Enumerable.Range(0, 3 * 4).Select(i => i * 0.1f - 0.5f).ToArray();

        for (int p = 0; p < a.Parameters.Count; p++)
            Assert.Equal(a.Parameters[p].Value, b.Parameters[p].Value);
        Assert.Equal(a.Forward(x, 3, false).ToArray(), b.Forward(x, 3, false).ToArray());
    }

    [Fact]
    public void Backward_CategoricalCrossEntropy_ReducesLossAfterSgdSteps()
    {
        Network net = TwoLayer(seed: 3);
        ILoss loss = LossFactory.Create(LossKind.CategoricalCrossEntropy);
        float[] x = Enumerable.Range(0, 8 * 4).Select(i => MathF.Sin(i)).ToArray();
        float[] t = new float[8 * 3];
        for (int r = 0; r < 8; r++) t[r * 3 + r % 3] = 1f;

        net.Forward(x, 8, true);
        float first = net.ComputeLoss(loss, t, 8);
        for (int step = 0; step < 50; step++)
        {
            net.ZeroGradients();
            net.Forward(x, 8, true);
            net.Backward(loss, t, 8);
            foreach (Parameter p in net.Parameters)
                for (int i = 0; i < p.Length; i++) p.Value[i] -= 0.5f * p.Gradient[i];
        }
        net.Forward(x, 8, false);
        Assert.True(net.ComputeLoss(loss, t, 8) < first * 0.5f);
    }

    private static Network TwoLayer(ulong seed) =>
        new NetworkBuilder(4).Dense(5, ActivationKind.Tanh).Dense(3, ActivationKind.Softmax).WithSeed(seed).Build(maxBatchSize: 8);
}
