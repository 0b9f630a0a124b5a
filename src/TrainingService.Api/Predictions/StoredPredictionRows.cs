using System.Data;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TrainingService.Core.Data;
using TrainingService.Core.Predictions;

namespace TrainingService.Api.Predictions;

/// <summary>
/// A stored prediction's rows in order, read as the caller consumes them: a chunk at a time, or one element of the
/// jsonb array at a time. Plain Npgsql rather than an EF query, because the context's retrying execution strategy
/// buffers a whole result set before the first row is seen (for 1,000,000 rows, hundreds of MB in the Api).
/// </summary>
public static class StoredPredictionRows
{
    /// <summary>Row index (in the dataset or request) and row; the tenant's own predictions only.</summary>
    public static async IAsyncEnumerable<(long Row, PredictedRow Predicted)> ReadAsync(
        TrainingServiceDbContext db, Guid predictionId, bool chunked, [EnumeratorCancellation] CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(chunked
                ? """
                  SELECT c.first_row::bigint, c.rows::text
                  FROM prediction_result_chunks c JOIN predictions p ON p.id = c.prediction_id
                  WHERE c.prediction_id = $1 AND p.tenant_id = $2
                  ORDER BY c.chunk_index
                  """
                : """
                  SELECT t.i - 1, t.e::text
                  FROM predictions p, jsonb_array_elements(p.results) WITH ORDINALITY AS t(e, i)
                  WHERE p.id = $1 AND p.tenant_id = $2
                  ORDER BY t.i
                  """, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = predictionId });
            command.Parameters.Add(new NpgsqlParameter { Value = db.TenantScope.RequiredTenantId });
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
            while (await reader.ReadAsync(ct))
            {
                long first = reader.GetInt64(0);
                string json = reader.GetString(1);
                if (!chunked)
                {
                    yield return (first, StoredJson.Deserialize<PredictedRow>(json));
                    continue;
                }

                // REVIEW: the Api's peak during a download grows slowly with the rows (+50 MiB at 200,000, +85 at
                // 1,000,000, +145 at 5,000,000; bench/TrainingService.Bench.Scoring): garbage between collections, not
                // rows held. Each chunk's text is one string of about a megabyte, in the large object heap that only
                // full collections free, the likely part. Parsing from GetStreamAsync measured worse (+250 at 1,000,000).
                var rows = StoredJson.Deserialize<List<PredictedRow>>(json);
                for (int r = 0; r < rows.Count; r++)
                    yield return (first + r, rows[r]);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
