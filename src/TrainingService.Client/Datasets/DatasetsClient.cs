using System.Net.Http.Headers;

namespace TrainingService.Client;

/// <summary><c>/api/datasets</c>: upload CSV files and read them back.</summary>
public sealed class DatasetsClient
{
    private readonly ApiConnection api;

    internal DatasetsClient(ApiConnection api) => this.api = api;

    /// <summary>Uploads a CSV file (or a gzip-compressed one, <c>.csv.gz</c>), streamed from disk; <paramref name="name"/> defaults to the file name.</summary>
    public async Task<Dataset> UploadAsync(string filePath, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        await using var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return await UploadAsync(file, Path.GetFileName(filePath), name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads CSV text (or gzip-compressed CSV when <paramref name="fileName"/> ends in <c>.gz</c>) read from
    /// <paramref name="csv"/> as it is sent, never buffered whole. The stream is not disposed.
    /// </summary>
    public Task<Dataset> UploadAsync(Stream csv, string fileName, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var file = new StreamContent(new NonDisposingStream(csv), 1 << 16);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? "application/gzip" : "text/csv");
        // The name part first: the service reads the form in order and the file part starts the import.
        var form = new MultipartFormDataContent();
        if (name is not null)
            form.Add(new StringContent(name), "name");
        form.Add(file, "file", fileName);
        var request = api.Request(ApiRoutes.UploadDataset, [], content: form);
        ApiConnection.MarkLongRunning(request);
        return api.SendAsync<Dataset>(request, cancellationToken);
    }

    /// <summary>Datasets, newest first, a page at a time (limit 1 to 1000).</summary>
    public Task<Page<DatasetSummary>> ListAsync(int offset = 0, int limit = 50, CancellationToken cancellationToken = default) =>
        api.GetAsync<Page<DatasetSummary>>(ApiRoutes.ListDatasets, [], ApiConnection.Query(("offset", offset), ("limit", limit)), cancellationToken);

    public Task<Dataset> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.GetAsync<Dataset>(ApiRoutes.GetDataset, [id], null, cancellationToken);

    /// <summary>Rows <paramref name="offset"/> onwards, at most <paramref name="limit"/> (1 to 1000), with their original values.</summary>
    public Task<DatasetRows> GetRowsAsync(Guid id, long offset = 0, int limit = 50, CancellationToken cancellationToken = default) =>
        api.GetAsync<DatasetRows>(ApiRoutes.GetDatasetRows, [id], ApiConnection.Query(("offset", offset), ("limit", limit)), cancellationToken);

    /// <summary>A numeric column's histogram: <paramref name="bins"/> (1-100) equal-width bins, computed by the server.</summary>
    public Task<ColumnHistogram> GetHistogramAsync(Guid id, string column, int bins = 20, CancellationToken cancellationToken = default) =>
        api.GetAsync<ColumnHistogram>(ApiRoutes.GetColumnHistogram, [id, column], ApiConnection.Query(("bins", bins)), cancellationToken);

    /// <summary>Deletes a dataset no queued or running job uses (409 otherwise); finished jobs trained on it stay.</summary>
    public Task DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.SendNoContentAsync(ApiRoutes.DeleteDataset, [id], cancellationToken);
}
