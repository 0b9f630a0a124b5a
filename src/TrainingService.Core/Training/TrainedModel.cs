namespace TrainingService.Core.Training;

/// <summary>The final (or restored best) network of a succeeded job with its fitted preprocessing, in the engine's binary format.</summary>
public sealed class TrainedModel
{
    public Guid TrainingJobId { get; set; }

    public required byte[] Data { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
