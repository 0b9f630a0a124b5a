using Microsoft.EntityFrameworkCore;

namespace TrainingService.Core.Datasets;

public sealed partial class DatasetStore
{
    /// <summary>
    /// The dataset's schema: row count and columns with type, statistics and category count, in one query. Returns
    /// null when no dataset has this id.
    /// </summary>
    /// <param name="withCategories">Whether to read the categorical columns' whole dictionaries (large for a column
    /// of ids); without, <see cref="ColumnSchema.Categories"/> is null and only the counts are read.</param>
    public async Task<DatasetSchema?> LoadSchemaAsync(Guid datasetId, bool withCategories, CancellationToken cancellationToken = default)
    {
        var schema = await db.Datasets.AsNoTracking()
            .Where(d => d.Id == datasetId)
            .Select(d => new DatasetSchema(d.Id, d.Name, d.RowCount, d.Columns
                .OrderBy(c => c.Ordinal)
                .Select(c => new ColumnSchema(
                    c.Name, c.Ordinal, c.Type, c.Categories == null ? 0 : c.Categories.Length, withCategories ? c.Categories : null,
                    c.MissingCount, c.Min, c.Max, c.Mean, c.Std))
                .ToList()))
            .SingleOrDefaultAsync(cancellationToken);
        // A numeric column stores no dictionary; read with categories, it has an empty one.
        return schema is null || !withCategories
            ? schema
            : schema with { Columns = [.. schema.Columns.Select(c => c with { Categories = c.Categories ?? [] })] };
    }
}
