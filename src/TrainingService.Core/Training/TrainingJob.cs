using TrainingService.Core.Evaluation;
using TrainingService.Core.Identity;

namespace TrainingService.Core.Training;

/// <summary>One training run of a model on a dataset; the Hangfire job carries only <see cref="Id"/>.</summary>
public sealed class TrainingJob : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ModelId { get; set; }

    /// <summary>
    /// The training dataset while it exists. Deleting the dataset sets this to null and leaves the job, its history
    /// and its trained model alone; <see cref="RecordedDatasetId"/> and its siblings still say what it was. The
    /// foreign key also makes a job insert lock the dataset row, which <see cref="Data.GuardedDelete"/> relies on.
    /// </summary>
    public Guid? DatasetId { get; set; }

    /// <summary>The validation dataset while it exists; null without one or once it is deleted.</summary>
    public Guid? ValidationDatasetId { get; set; }

    // What the job was trained and validated on, recorded when it was created and never changed: a finished job
    // keeps its results after its datasets are deleted, and a client can still tell what they were.
    public Guid RecordedDatasetId { get; set; }

    public required string RecordedDatasetName { get; set; }

    public long RecordedDatasetRowCount { get; set; }

    public Guid? RecordedValidationDatasetId { get; set; }

    public string? RecordedValidationDatasetName { get; set; }

    public long? RecordedValidationDatasetRowCount { get; set; }

    public TrainingJobStatus Status { get; set; }

    /// <summary>The job request with defaults filled in, stored as jsonb.</summary>
    public required TrainingJobParameters Parameters { get; set; }

    /// <summary>
    /// The last epoch this job trains to: its own epochs plus <see cref="StartEpoch"/>, as epochs are numbered on from
    /// the job a continued job starts from (<see cref="TrainingJobParameters.InitFromJobId"/>).
    /// </summary>
    public int Epochs { get; set; }

    /// <summary>
    /// The job whose final training state started this one (<see cref="TrainingJobParameters.InitFromJobId"/>), recorded
    /// and never changed; it may since have been deleted. While this job is queued or running that job cannot be deleted.
    /// </summary>
    public Guid? InitFromJobId { get; set; }

    /// <summary>Epochs trained before this job by the job it continues (its history starts at epoch StartEpoch + 1); 0 for fresh weights.</summary>
    public int StartEpoch { get; set; }

    public int EpochsCompleted { get; set; }

    public double? TrainLoss { get; set; }

    public double? ValidationLoss { get; set; }

    public int? BestEpoch { get; set; }

    public double? BestValidationLoss { get; set; }

    /// <summary>Latest validation (else training) metrics by name, stored as a jsonb object.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; set; }

    /// <summary>
    /// The trained network scored on the validation rows (else the training rows) once the job succeeded: confusion
    /// matrix and per-class scores, or regression errors and residuals (jsonb); null until then.
    /// </summary>
    public ModelEvaluation? Evaluation { get; set; }

    public string? StopReason { get; set; }

    public string? Error { get; set; }

    public double? SamplesPerSecond { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>
    /// When the worker holding the job last said it is alive (every <c>Workers__HeartbeatSeconds</c>, from a timer,
    /// also during preparation); a held job whose heartbeat is older than three intervals is shown as stale.
    /// </summary>
    public DateTimeOffset? LastHeartbeatAt { get; set; }

    /// <summary>Batches finished within the epoch in progress (epoch <see cref="EpochsCompleted"/> + 1), written with the heartbeat.</summary>
    public int? BatchesCompleted { get; set; }

    public int? BatchesPerEpoch { get; set; }

    /// <summary>Training rows per second within the epoch in progress, written with the heartbeat; <see cref="SamplesPerSecond"/> is the last whole epoch's.</summary>
    public double? LiveSamplesPerSecond { get; set; }

    /// <summary>
    /// Memory a worker is planned to hold for this job (<see cref="TrainingJobPlan.MemoryBytes"/>), computed when it
    /// was queued; null for jobs queued before plans were stored.
    /// </summary>
    public long? PlannedMemoryBytes { get; set; }

    /// <summary>
    /// What the job trains (<see cref="TrainingJobPlan.Trains"/>): resolved loss, features and their encodings, layers
    /// and rows, worked out when it was queued and stored as jsonb; null for jobs queued before plans were stored.
    /// </summary>
    public TrainingPlan? Plan { get; set; }

    /// <summary>
    /// Worker runs of this job that counted against <c>Workers__MaxAttempts</c>: each run's claim adds one, and a run
    /// that hands the job back itself (host shutdown, a transient fault Hangfire retries) takes it back. What stays
    /// counted is the current run and every run that was killed or lost without a word.
    /// </summary>
    public int Attempts { get; set; }

    public string? HangfireJobId { get; set; }

    /// <summary>The tuning job this job is a trial of (<see cref="Tuning.TuningJob"/>); null for a job trained on its own.</summary>
    public Guid? TuningJobId { get; set; }

    /// <summary>The trial's number in its tuning job, from 0; unique per tuning job, so a trial is created once.</summary>
    public int? TrialIndex { get; set; }

    /// <summary>The cross-validation fold this job of a trial validates on; null without cross-validation.</summary>
    public int? TrialFold { get; set; }

    /// <summary>The trial's sampled values keyed by their search-space path (jsonb); null for a job that is no trial.</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? TrialParameters { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
