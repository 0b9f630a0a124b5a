using System.Globalization;
using System.Text.Json;

namespace TrainingService.Bench.Service;

/// <summary>One SQL statement or message of the Api's JSON log: when it was logged and, for SQL, how long it ran.</summary>
internal sealed record LogEvent(DateTimeOffset Timestamp, string Category, string Message, string? CommandText, double? ElapsedMs);

/// <summary>
/// When a job's phases ended, read from the Api's own log: the runner's "N training rows" line (preparation done),
/// and per epoch the SQL statements of its progress write (history row, checkpoint, job row) with their durations.
/// </summary>
internal sealed record JobTimeline(DateTimeOffset? Prepared, IReadOnlyList<EpochWrite> EpochWrites)
{
    /// <summary>The job's preparation end and epoch writes; <paramref name="finishedAt"/> bounds them when several jobs ran one after another.</summary>
    public static JobTimeline Read(IEnumerable<string> lines, Guid jobId, DateTimeOffset finishedAt)
    {
        var events = lines.Select(Parse).OfType<LogEvent>().OrderBy(e => e.Timestamp).ToList();
        string id = jobId.ToString();
        DateTimeOffset? prepared = events
            .FirstOrDefault(e => e.Category.EndsWith(".TrainingJobRunner", StringComparison.Ordinal) && e.Message.Contains(id, StringComparison.OrdinalIgnoreCase) && e.Message.Contains("training rows", StringComparison.Ordinal))
            ?.Timestamp;

        // The three statements of one epoch's transaction, in order; the history insert opens each group.
        var writes = new List<EpochWrite>();
        List<LogEvent>? current = null;
        foreach (var e in events.Where(e => e.CommandText is not null && e.Timestamp >= prepared && e.Timestamp <= finishedAt))
        {
            string sql = e.CommandText!;
            if (sql.Contains("INSERT INTO training_epochs", StringComparison.Ordinal))
            {
                Close();
                current = [e];
            }
            else if (current is not null && (sql.Contains("INSERT INTO training_checkpoints", StringComparison.Ordinal) || sql.Contains("UPDATE training_jobs", StringComparison.Ordinal)))
            {
                current.Add(e);
                if (sql.Contains("UPDATE training_jobs", StringComparison.Ordinal))
                    Close();
            }
        }
        Close();
        return new JobTimeline(prepared, writes);

        void Close()
        {
            if (current is { Count: > 0 })
            {
                double sqlMs = current.Sum(c => c.ElapsedMs ?? 0);
                writes.Add(new EpochWrite(current[0].Timestamp.AddMilliseconds(-(current[0].ElapsedMs ?? 0)), current[^1].Timestamp, sqlMs,
                    current.FirstOrDefault(c => c.CommandText!.Contains("training_checkpoints", StringComparison.Ordinal))?.ElapsedMs));
            }
            current = null;
        }
    }

    private static LogEvent? Parse(string line)
    {
        if (!line.StartsWith('{'))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("Timestamp", out var ts) || !DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
                return null;
            string category = root.TryGetProperty("Category", out var c) ? c.GetString() ?? "" : "";
            string message = root.TryGetProperty("Message", out var m) ? m.GetString() ?? "" : "";
            string? commandText = null;
            double? elapsed = null;
            if (category == "Microsoft.EntityFrameworkCore.Database.Command" && root.TryGetProperty("State", out var state))
            {
                commandText = state.TryGetProperty("commandText", out var text) ? text.GetString() : null;
                if (state.TryGetProperty("elapsed", out var ms) && double.TryParse(ms.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    elapsed = value;
            }
            return new LogEvent(timestamp, category, message, commandText, elapsed);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One epoch's progress write: when its first statement started, when its last one ended, and the SQL time of all three (of it the checkpoint's).</summary>
internal sealed record EpochWrite(DateTimeOffset Started, DateTimeOffset Ended, double SqlMs, double? CheckpointSqlMs);
