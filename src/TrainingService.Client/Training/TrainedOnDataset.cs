namespace TrainingService.Client;

/// <summary>A dataset a job used, as recorded when the job was created; <see cref="Deleted"/> once the dataset is gone.</summary>
public sealed record TrainedOnDataset(Guid Id, string Name, long RowCount, bool Deleted);
