using System.Globalization;
using System.Text;
using TrainingService.Core.Predictions;

namespace TrainingService.Api.Predictions;

/// <summary>
/// Writes predicted rows as CSV as they come: <c>row</c> (the row's 0-based index in the dataset or request), then
/// <c>label</c> and one <c>p_&lt;label&gt;</c> probability column per class (labels in ordinal order), or <c>value</c>.
/// The header follows the first row; nothing is held but the writer's buffer.
/// </summary>
public sealed class PredictionCsvWriter(Stream body) : IAsyncDisposable
{
    // Kestrel refuses synchronous writes, and StreamWriter's synchronous Write may flush: each row is built here and
    // handed over with WriteAsync.
    private readonly StreamWriter _writer = new(body, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
    private readonly StringBuilder _line = new();
    private string[]? _labels;
    private bool _header;

    public async Task WriteAsync(long row, PredictedRow predicted)
    {
        if (!_header)
            await WriteHeaderAsync(predicted);
        var line = _line.Clear().Append(row.ToString(CultureInfo.InvariantCulture)).Append(',');
        if (_labels is null)
        {
            line.Append(predicted.Value?.ToString("R", CultureInfo.InvariantCulture));
        }
        else
        {
            line.Append(Quote(predicted.Label ?? ""));
            foreach (string label in _labels)
            {
                line.Append(',');
                if (predicted.Probabilities?.TryGetValue(label, out double p) == true)
                    line.Append(p.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        await _writer.WriteAsync(line.Append('\n'));
    }

    /// <summary>Sends what is buffered, so a long download shows progress and the buffer stays one chunk's worth.</summary>
    public Task FlushAsync() => _writer.FlushAsync();

    private async Task WriteHeaderAsync(PredictedRow first)
    {
        _header = true;
        _labels = first.Probabilities?.Keys.Order(StringComparer.Ordinal).ToArray();
        await _writer.WriteAsync(_labels is null
            ? "row,value\n"
            : $"row,label{string.Concat(_labels.Select(l => "," + Quote("p_" + l)))}\n");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_header)
            await _writer.WriteAsync("row\n");
        await _writer.DisposeAsync();
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
