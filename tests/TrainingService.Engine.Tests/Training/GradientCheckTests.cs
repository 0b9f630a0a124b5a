using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Specs;

namespace TrainingService.Engine.Tests.Training;

public sealed class GradientCheckTests
{
    private const float GlobalL1 = 0.01f;
    private const float GlobalL2 = 0.02f;
    private const float H = 1e-2f;

    [Theory]
    [InlineData(LossKind.CategoricalCrossEntropy, ActivationKind.Softmax)]
    [InlineData(LossKind.MeanSquaredError, ActivationKind.Linear)]
    public void Backward_ThreeHiddenLayersWithL1L2_MatchesCentralDifferences(LossKind lossKind, ActivationKind outputActivation)
    {
        // Hidden layer 2 overrides the global strengths, so both paths of the penalty are checked.
        Network network = new NetworkBuilder(4)
            .Dense(6, ActivationKind.Tanh)
            .Add(new DenseLayerSpec(5, ActivationKind.Tanh, L1: 0.05f, L2: 0f))
            .Dense(4, ActivationKind.Tanh)
            .Dense(3, outputActivation)
            .WithSeed(9).Build(maxBatchSize: 5);
        ILoss loss = LossFactory.Create(lossKind);
        var (x, t) = Batch(5, seed: 21);
        MoveWeightsOffL1Kink(network);

        network.ZeroGradients();
        network.Forward(x, 5, training: true);
        network.Backward(loss, t, 5);
        WeightPenalty.Apply(network.Parameters, GlobalL1, GlobalL2);

        foreach (Parameter p in network.Parameters)
        {
            var numeric = new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                float original = p.Value[i];
                p.Value[i] = original + H;
                double plus = Objective(network, loss, x, t);
                p.Value[i] = original - H;
                double minus = Objective(network, loss, x, t);
                p.Value[i] = original;
                numeric[i] = (plus - minus) / (2 * H);
            }
            double relativeError = RelativeError(p.Gradient, numeric);
            Assert.True(relativeError < 1e-3, $"{p.Name}: relative error {relativeError:E2}");
        }
    }

    /// <summary>Data loss plus the weight penalty: the quantity whose gradient training follows.</summary>
    private static double Objective(Network network, ILoss loss, float[] x, float[] t)
    {
        network.Forward(x, 5, training: false);
        return network.ComputeLoss(loss, t, 5) + WeightPenalty.Compute(network.Parameters, GlobalL1, GlobalL2);
    }

    /// <summary>‖a − n‖ / max(‖a‖, ‖n‖) over one parameter tensor: float32 losses make per-element ratios of tiny gradients meaningless.</summary>
    private static double RelativeError(float[] analytic, double[] numeric)
    {
        double diff = 0, a = 0, n = 0;
        for (int i = 0; i < analytic.Length; i++)
        {
            diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
            a += (double)analytic[i] * analytic[i];
            n += numeric[i] * numeric[i];
        }
        return Math.Sqrt(diff) / Math.Max(Math.Max(Math.Sqrt(a), Math.Sqrt(n)), 1e-12);
    }

    /// <summary>|w| is not differentiable at 0: keep every weight further than a few H from it.</summary>
    private static void MoveWeightsOffL1Kink(Network network)
    {
        foreach (Parameter p in network.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                if (p.IsWeight && MathF.Abs(p.Value[i]) < 3 * H)
                    p.Value[i] = p.Value[i] < 0 ? -3 * H : 3 * H;
            }
        }
    }

    private static (float[] X, float[] T) Batch(int rows, ulong seed)
    {
        var random = new SeededRandom(seed);
        var x = new float[rows * 4];
        var t = new float[rows * 3];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)random.NextGaussian();
        for (int r = 0; r < rows; r++)
            t[r * 3 + random.NextInt(3)] = 1f;
        return (x, t);
    }
}
