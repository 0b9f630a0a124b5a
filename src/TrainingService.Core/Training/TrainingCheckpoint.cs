namespace TrainingService.Core.Training;

/// <summary>The latest checkpoint of a job (engine checkpoint bytes), overwritten after every epoch.</summary>
public sealed class TrainingCheckpoint
{
    public Guid TrainingJobId { get; set; }

    public int Epoch { get; set; }

    public required byte[] Data { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
