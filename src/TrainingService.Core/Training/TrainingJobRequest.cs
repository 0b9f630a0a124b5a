namespace TrainingService.Core.Training;

/// <summary>
/// Starts training a model on a dataset. Omitted fields take their defaults: epochs 10, batchSize 32,
/// validationSplit 0.2, shuffle true, no early stopping, a constant learning rate, no runtime limit and
/// the model's seed.
/// Not sealed: a tuning job's request (<see cref="Tuning.TuningJobRequest"/>) is this request plus the search, so its
/// training fields are these ones, validated by the same validator, rather than a copy that could drift.
/// </summary>
public record TrainingJobRequest
{
    public Guid? ModelId { get; init; }

    public Guid? DatasetId { get; init; }

    public int? Epochs { get; init; }

    public int? BatchSize { get; init; }

    /// <summary>Share of rows held out for validation, 0 ≤ x &lt; 1; seeded and stratified for classification.</summary>
    public double? ValidationSplit { get; init; }

    /// <summary>A separate dataset to validate on, instead of a split.</summary>
    public Guid? ValidationDatasetId { get; init; }

    public bool? Shuffle { get; init; }

    public EarlyStoppingRequest? EarlyStopping { get; init; }

    public LearningRateScheduleRequest? LearningRateSchedule { get; init; }

    public int? MaxRuntimeSeconds { get; init; }

    public long? Seed { get; init; }

    /// <summary>Cross-entropy losses only: <c>"balanced"</c> or class label → weight (<see cref="Training.ClassWeights"/>).</summary>
    public ClassWeights? ClassWeights { get; init; }

    /// <summary>A numeric column of per-row loss weights (≥ 0, none missing), left out of the features.</summary>
    public string? WeightColumn { get; init; }

    /// <summary>
    /// A finished job of the same model that kept a trained model: its last completed epoch's weights start this job,
    /// which trains <see cref="Epochs"/> more epochs with that job's preprocessing (see README "Continue training").
    /// </summary>
    public Guid? InitFromJobId { get; init; }

    /// <summary>With <see cref="InitFromJobId"/>: also carry on its optimizer state, schedule position and random states.</summary>
    public bool? ResumeOptimizer { get; init; }

    /// <summary>
    /// k-fold cross-validation (see README "Cross-validation"): k fold jobs validate on seeded folds instead of a
    /// split, then this job trains on every row for the folds' mean best epoch count.
    /// </summary>
    public CrossValidationRequest? CrossValidation { get; init; }
}
