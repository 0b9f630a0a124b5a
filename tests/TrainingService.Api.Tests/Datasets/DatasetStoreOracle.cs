using TrainingService.Core.Datasets;

namespace TrainingService.Api.Tests.Datasets;

/// <summary>The test oracle for reading datasets back: every row of some columns at once, the reference for streamed reads.</summary>
internal static class DatasetStoreOracle
{
    /// <summary>
    /// Loads every row of the dataset's columns (all of them, or those named in <paramref name="columns"/>, in that
    /// order). Returns null when no dataset has this id.
    /// </summary>
    /// <exception cref="ArgumentException">A name in <paramref name="columns"/> is not a column of the dataset.</exception>
    public static Task<DatasetData?> LoadAsync(this DatasetStore store, Guid datasetId, IReadOnlyList<string>? columns = null) =>
        store.LoadRangeAsync(datasetId, 0, int.MaxValue, columns);
}
