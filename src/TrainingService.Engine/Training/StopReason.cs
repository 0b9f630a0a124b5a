namespace TrainingService.Engine.Training;

/// <summary>Why a training run ended.</summary>
public enum StopReason
{
    /// <summary>All requested epochs ran.</summary>
    Completed,

    /// <summary>The monitored quantity stopped improving (see <see cref="Regularization.EarlyStoppingOptions"/>).</summary>
    EarlyStopping,

    /// <summary>The cancellation token fired; the run stopped between two batches.</summary>
    Cancelled,

    /// <summary>The run exceeded <see cref="TrainerOptions.MaxRuntime"/>; it stopped between two batches.</summary>
    MaxRuntime,

    /// <summary>The loss or the gradients became NaN or infinite.</summary>
    Diverged,
}
