namespace TrainingService.Core.Datasets.Import;

/// <summary>What <see cref="ColumnAccumulator.TryAddOther"/> made of a field that is not a plain number.</summary>
internal enum OtherField
{
    /// <summary>The value to store: NaN (missing, or the column is deferred), a number or a category index.</summary>
    Value,

    /// <summary>Text in a column of numbers and missing values so far: the caller must say whether numbers came before.</summary>
    Text,

    /// <summary>A new category past <see cref="ColumnAccumulator.MaxCategories"/>.</summary>
    TooManyCategories,
}
