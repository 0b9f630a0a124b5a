namespace TrainingService.Core.Datasets.Import;

internal enum ColumnState
{
    /// <summary>Every value so far was a number or missing.</summary>
    Numeric,

    /// <summary>Categorical, with every earlier value missing or categorical: its block is final.</summary>
    Categorical,

    /// <summary>Turned categorical after numbers: rebuilt by the second pass over the spooled text.</summary>
    Deferred,
}
