namespace TrainingService.Core.Models;

/// <summary>What training does with a missing numeric feature value.</summary>
public enum MissingValueStrategy
{
    /// <summary>Replace with the column's mean on the training split.</summary>
    Mean,

    /// <summary>Replace with 0 (before scaling).</summary>
    Zero,

    /// <summary>Fail the training job, naming the row and column.</summary>
    Error,
}
