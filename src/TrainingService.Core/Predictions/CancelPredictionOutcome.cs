namespace TrainingService.Core.Predictions;

/// <summary>What a cancel of an asynchronous prediction came to.</summary>
public abstract record CancelPredictionOutcome
{
    /// <summary>Cancelled (a queued prediction) or flagged for its runner to stop after its current chunk.</summary>
    public sealed record Requested(Prediction Prediction) : CancelPredictionOutcome;

    /// <summary>It has ended (or was never asynchronous): nothing to cancel.</summary>
    public sealed record AlreadyFinished(Prediction Prediction) : CancelPredictionOutcome;

    public sealed record NotFound : CancelPredictionOutcome;
}
