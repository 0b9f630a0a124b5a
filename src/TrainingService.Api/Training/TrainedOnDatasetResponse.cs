namespace TrainingService.Api.Training;

/// <summary>
/// A dataset a training job used, as recorded when the job was created: it stays readable after the dataset is
/// deleted (<see cref="Deleted"/>), since deleting a dataset keeps the jobs trained on it.
/// </summary>
/// <param name="RowCount">The dataset's rows when the job was created, before any validation split.</param>
public sealed record TrainedOnDatasetResponse(Guid Id, string Name, long RowCount, bool Deleted);
