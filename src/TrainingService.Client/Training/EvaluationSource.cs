namespace TrainingService.Client;

/// <summary>Which rows an evaluation scored: the job's validation rows, its training rows (no validation rows), or a prediction's input rows.</summary>
public enum EvaluationSource
{
    Validation,
    Train,
    Input,
}
