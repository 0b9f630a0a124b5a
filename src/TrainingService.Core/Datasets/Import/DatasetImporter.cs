using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using TrainingService.Core.Data;

namespace TrainingService.Core.Datasets.Import;

/// <summary>Starts CSV imports on the scope's database connection.</summary>
public sealed class DatasetImporter(TrainingServiceDbContext db, IOptions<DatasetOptions> options)
{
    /// <summary>
    /// Opens the connection and a transaction and reserves the dataset id. Raw Npgsql rather than EF here: binary
    /// COPY needs the connection, and EF's retrying execution strategy cannot re-run a streamed upload anyway.
    /// </summary>
    public Task<DatasetImport> BeginAsync(CancellationToken cancellationToken) =>
        DatasetImport.BeginAsync((NpgsqlConnection)db.Database.GetDbConnection(), options.Value, db.TenantScope.RequiredTenantId, cancellationToken);
}
