using TrainingService.Core.Evaluation;
using TrainingService.Engine;
using TrainingService.Engine.Training;

namespace TrainingService.Core.Training;

/// <summary>
/// What a finished run keeps: the trained model's bytes and its evaluation. Neither needs the database, so the runner
/// computes them while the last epoch's write is still going (<see cref="TrainingProgressWriter.FlushAsync"/>).
/// </summary>
public sealed record KeptModel(byte[] Bytes, ModelEvaluation Evaluation)
{
    /// <summary>
    /// Whether a run that ended so keeps a model (<see cref="TrainingJobCompletion.FinishAsync"/>): not when it diverged,
    /// nor when it was cancelled or ran out of time before completing an epoch of its own.
    /// </summary>
    public static bool IsKeptAfter(TrainingResult result, int startEpoch) => result.StopReason switch
    {
        StopReason.Diverged => false,
        StopReason.Cancelled or StopReason.MaxRuntime => result.EpochsCompleted > startEpoch,
        _ => true,
    };

    /// <summary>The network's weights as they are now (the best epoch's when early stopping restored them, else the last completed).</summary>
    public static KeptModel Capture(PreparedTraining prepared, Network network) => new(
        TrainedModelFormat.Write(prepared.Preprocessing, network),
        ModelEvaluator.Evaluate(network, prepared.Preprocessing.Target, prepared.Train, prepared.Validation));
}
