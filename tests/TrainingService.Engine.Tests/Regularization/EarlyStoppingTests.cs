using TrainingService.Engine.Metrics;
using TrainingService.Engine.Regularization;

namespace TrainingService.Engine.Tests.Regularization;

public sealed class EarlyStoppingTests
{
    [Fact]
    public void Update_NoImprovementBeyondPatience_StopsAndRestoresBest()
    {
        var stopping = new EarlyStopping(new EarlyStoppingOptions { Patience = 2, MinDelta = 0.01 });
        float[] weights = [0f];
        double[] losses = [1.0, 0.5, 0.495, 0.6, 0.7];
        var decisions = new List<bool>();

        for (int e = 0; e < losses.Length; e++)
        {
            weights[0] = e;
            decisions.Add(stopping.Update(e, losses[e], [weights]));
        }
        bool restored = stopping.RestoreBest([weights]);

        Assert.Equal([false, false, false, true, true], decisions); // stops after 2 epochs without improvement (2 and 3)
        Assert.True(restored);
        Assert.Equal(1f, weights[0]); // epoch 1: 0.495 does not beat 0.5 by minDelta
        Assert.Equal(1, stopping.BestEpoch);
        Assert.Equal(0.5, stopping.Best);
    }

    [Fact]
    public void Update_AccuracyMonitor_MaximizesByDefault()
    {
        var stopping = new EarlyStopping(new EarlyStoppingOptions { Monitor = "validationAccuracy", Patience = 0 });

        bool first = stopping.Update(0, 0.5, []);
        bool better = stopping.Update(1, 0.7, []);
        bool worse = stopping.Update(2, 0.6, []);

        Assert.Equal(MonitorMode.Max, stopping.Mode);
        Assert.False(first);
        Assert.False(better);
        Assert.True(worse);
    }

    [Fact]
    public void SetState_FromSnapshot_KeepsBestValuesAndCounters()
    {
        var original = new EarlyStopping(new EarlyStoppingOptions { Patience = 5 });
        float[] weights = [4f, 2f];
        original.Update(0, 1.0, [weights]);
        original.Update(1, 2.0, [weights]);
        var restored = new EarlyStopping(new EarlyStoppingOptions { Patience = 5 });

        restored.SetState(original.GetState());
        float[] target = [0f, 0f];
        restored.RestoreBest([target]);

        Assert.Equal([4f, 2f], target);
        Assert.Equal(1, restored.Wait);
        Assert.Equal(1.0, restored.Best);
    }

    [Fact]
    public void Constructor_UnknownMonitor_Throws()
    {
        Assert.Throws<ArgumentException>(() => new EarlyStopping(new EarlyStoppingOptions { Monitor = "validationBananas" }));
    }
}
