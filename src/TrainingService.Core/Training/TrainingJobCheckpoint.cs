namespace TrainingService.Core.Training;

/// <summary>The latest checkpoint of a job (engine checkpoint bytes), overwritten after every epoch.</summary>
public sealed class TrainingJobCheckpoint
{
    public Guid TrainingJobId { get; set; }

    public int Epoch { get; set; }

    public required byte[] Data { get; set; }

    /// <summary>How long the job had run when this checkpoint was taken, over all its attempts (see <see cref="JobRunTime"/>).</summary>
    public TimeSpan RunTime { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
