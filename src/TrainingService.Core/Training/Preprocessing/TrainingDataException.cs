namespace TrainingService.Core.Training.Preprocessing;

/// <summary>The data cannot be trained on as it is (e.g. a missing value where the model forbids them): the job fails once, without retries.</summary>
public sealed class TrainingDataException(string message) : Exception(message);
