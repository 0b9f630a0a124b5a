namespace TrainingService.Core.Evaluation;

/// <summary>Which rows an evaluation scored.</summary>
public enum EvaluationSource
{
    /// <summary>The job's validation rows (its validation dataset or split).</summary>
    Validation,

    /// <summary>The job's training rows, because it had no validation rows: an optimistic figure.</summary>
    Train,

    /// <summary>The rows of a prediction request that carried the target.</summary>
    Input,
}
