namespace TrainingService.Core.Datasets.Import;

public enum DatasetImportErrorKind
{
    /// <summary>The file is not a CSV file we can read (maps to 400).</summary>
    InvalidCsv,

    /// <summary>The upload or its decompressed text is over a configured limit (maps to 413).</summary>
    TooLarge,
}
