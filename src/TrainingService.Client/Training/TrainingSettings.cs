namespace TrainingService.Client;

/// <summary>
/// The training fields a <see cref="TrainingJobRequest"/> and a <see cref="TuningJobRequest"/> share (the latter's
/// trials train with them); null fields take the server's defaults (10 epochs, batch 32, validation split 0.2,
/// shuffled, no early stopping, constant learning rate, the model's seed). Read back on a tuning job as
/// <see cref="TuningJob.Training"/>. Not sealed: the two requests derive from it, as the service's do.
/// </summary>
public record TrainingSettings
{
    public int? Epochs { get; init; }

    public int? BatchSize { get; init; }

    /// <summary>Share of rows held out for validation, 0 to below 1 (default 0.2).</summary>
    public double? ValidationSplit { get; init; }

    /// <summary>A separate dataset to validate on instead of a split.</summary>
    public Guid? ValidationDatasetId { get; init; }

    public bool? Shuffle { get; init; }

    public EarlyStopping? EarlyStopping { get; init; }

    public LearningRateSchedule? LearningRateSchedule { get; init; }

    public int? MaxRuntimeSeconds { get; init; }

    public long? Seed { get; init; }

    /// <summary>Cross-entropy losses only: per-class loss weights.</summary>
    public ClassWeights? ClassWeights { get; init; }

    /// <summary>A numeric column of per-row loss weights (≥ 0, none missing), left out of the features.</summary>
    public string? WeightColumn { get; init; }

    /// <summary>Continue training: a finished job of the same model whose final weights start this job, for <see cref="Epochs"/> more epochs with its preprocessing.</summary>
    public Guid? InitFromJobId { get; init; }

    /// <summary>With <see cref="InitFromJobId"/>: carry on its optimizer state, schedule position and random states too (same seed and data: the same weights as one longer job).</summary>
    public bool? ResumeOptimizer { get; init; }

    /// <summary>
    /// k-fold cross-validation. On a training job: k fold jobs first, then the job trains on every row for the folds'
    /// mean best epoch count (<see cref="TrainingJob.CrossValidation"/> sums them up). On a tuning job: every trial
    /// is cross-validated (then the search space may be empty).
    /// </summary>
    public CrossValidation? CrossValidation { get; init; }
}
