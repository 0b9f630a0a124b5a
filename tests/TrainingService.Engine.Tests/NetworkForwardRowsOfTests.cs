using TrainingService.Engine.Activations;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests;

/// <summary>
/// The trainer's first dense layer reads the batch's rows where they lie in the data set (<c>Network.ForwardRowsOf</c>)
/// instead of a gathered copy: outputs and gradients must equal those of the copy bit for bit.
/// </summary>
public sealed class NetworkForwardRowsOfTests
{
    [Theory]
    [InlineData(1, 40)]
    [InlineData(2, 40)]
    [InlineData(1, 3)] // a batch small enough for the unpacked small-row path of Forward
    public void ForwardRowsOf_ThenBackward_BitIdenticalToGatheredBatch(int threads, int batch)
    {
        const int inputs = 72, rows = 150;
        float[] data = TestData.Uniform(rows * inputs, seed: 301);
        float[] targets = TestData.Uniform(batch * 3, seed: 302);
        int[] order = Enumerable.Range(0, rows).ToArray();
        new Random(303).Shuffle(order);
        const int start = 11;
        var gathered = new float[batch * inputs];
        for (int r = 0; r < batch; r++)
            data.AsSpan(order[start + r] * inputs, inputs).CopyTo(gathered.AsSpan(r * inputs));
        Network inPlace = Build(threads), copied = Build(threads);
        ILoss loss = LossFactory.Create(LossKind.MeanSquaredError);

        float[] outInPlace = inPlace.ForwardRowsOf(data, order, start, batch).ToArray();
        float[] outCopied = copied.Forward(gathered, batch, training: true).ToArray();
        float lossInPlace = inPlace.BackwardReplacingGradients(loss, targets, batch);
        float lossCopied = copied.BackwardReplacingGradients(loss, targets, batch);

        Assert.Equal(outCopied, outInPlace);
        Assert.Equal(lossCopied, lossInPlace);
        for (int p = 0; p < inPlace.Parameters.Count; p++)
            Assert.Equal(copied.Parameters[p].Gradient, inPlace.Parameters[p].Gradient);
    }

    [Fact]
    public void Forward_AfterForwardRowsOf_ReadsItsOwnInputAgain()
    {
        const int inputs = 72, batch = 16;
        float[] data = TestData.Uniform(100 * inputs, seed: 304);
        int[] order = Enumerable.Range(0, 100).ToArray();
        float[] x = TestData.Uniform(batch * inputs, seed: 305);
        Network net = Build(threads: 1), fresh = Build(threads: 1);

        net.ForwardRowsOf(data, order, 50, batch);
        float[] after = net.Forward(x, batch, training: true).ToArray();

        Assert.Equal(fresh.Forward(x, batch, training: true).ToArray(), after);
    }

    private static Network Build(int threads) =>
        new NetworkBuilder(72).Dense(150, ActivationKind.Relu).Dense(3, ActivationKind.Linear).WithSeed(306)
            .Build(maxBatchSize: 64, maxThreads: threads);
}
