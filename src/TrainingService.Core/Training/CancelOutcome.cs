namespace TrainingService.Core.Training;

public enum CancelOutcome
{
    Cancelled,
    Requested,
    AlreadyFinished,
    NotFound,
}
