namespace TrainingService.Core.Training.Preprocessing;

/// <summary>The data cannot be trained on as it is (e.g. a missing value where the model forbids them): the job fails once, without retries.</summary>
public sealed class TrainingDataException(string message) : Exception(message)
{
    /// <summary>The dataset a job or scoring run reads was deleted after it was queued.</summary>
    public static TrainingDataException DatasetGone(Guid datasetId) => new($"Dataset {datasetId} no longer exists.");
}
