using System.Buffers;
using System.Text.Unicode;

namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// A streaming RFC 4180 reader over UTF-8 bytes: comma separated, fields optionally double-quoted with <c>""</c>
/// escapes, records ended by LF, CRLF or CR, blank lines skipped, a leading BOM ignored. It keeps one buffer that
/// holds at least the current record, so memory is bounded by the longest record, never by the file.
/// </summary>
/// <remarks>
/// Works on bytes rather than chars: numbers are parsed straight from UTF-8, each record is validated as UTF-8
/// once (so an invalid byte can be reported with its line), and only category values are ever decoded.
/// A record cut by the end of the buffer is parsed again from its start after the next read; with a 1 MiB buffer
/// that re-parse is negligible and keeps the parser a simple loop instead of a resumable state machine.
/// </remarks>
internal sealed class CsvRecordReader : IDisposable
{
    private const int InitialBufferBytes = 1 << 20;

    private static readonly SearchValues<byte> QuotedStops = SearchValues.Create("\"\n"u8);
    private static readonly SearchValues<byte> PlainRecordStops = SearchValues.Create("\"\n\r"u8);

    private readonly Stream _stream;
    private readonly int _maxRecordBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _bomChecked;
    private long _nextLine = 1;
    private CsvField[] _fields = new CsvField[16];
    private byte[] _unescaped = new byte[256];

    public CsvRecordReader(Stream stream, int maxRecordBytes)
    {
        _stream = stream;
        _maxRecordBytes = maxRecordBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, maxRecordBytes));
    }

    private enum ParseStatus
    {
        Record,
        NeedMore,
        End,
    }

    /// <summary>Fields in the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The physical line (1-based) the current record starts on.</summary>
    public long Line { get; private set; }

    /// <summary>Reads the next record; false at the end of the text. Throws <see cref="CsvFormatException"/>.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (TryParseRecord())
            {
                case ParseStatus.Record:
                    return true;
                case ParseStatus.End:
                    return false;
                default:
                    await FillAsync(cancellationToken);
                    break;
            }
        }
    }

    /// <summary>
    /// The raw bytes of field <paramref name="index"/> with quotes removed and <c>""</c> unescaped; valid until
    /// the next call of this method or <see cref="ReadAsync"/>.
    /// </summary>
    public ReadOnlySpan<byte> GetField(int index)
    {
        CsvField field = _fields[index];
        var raw = _buffer.AsSpan(field.Start, field.Length);
        return field.HasEscapedQuotes ? Unescape(raw) : raw;
    }

    /// <summary>
    /// The current record's fields, as positions in <see cref="Buffer"/>: for a loop over every field without a call
    /// per field. A field with <see cref="CsvField.HasEscapedQuotes"/> must be read with <see cref="GetField"/>.
    /// Valid until the next <see cref="ReadAsync"/>.
    /// </summary>
    public ReadOnlySpan<CsvField> Fields => _fields.AsSpan(0, FieldCount);

    /// <summary>The bytes <see cref="Fields"/> point into; valid until the next <see cref="ReadAsync"/>.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer.AsSpan(0, _end);

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxRecordBytes)
                throw new CsvFormatException($"Line {_nextLine} starts a record longer than {_maxRecordBytes} bytes.", _nextLine);
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxRecordBytes));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
            _eof = true;
        _end += read;
    }

    private ParseStatus TryParseRecord()
    {
        if (!_bomChecked)
        {
            if (_end - _start < 3 && !_eof)
                return ParseStatus.NeedMore;
            if (_buffer.AsSpan(_start, _end - _start).StartsWith("\uFEFF"u8))
                _start += 3;
            _bomChecked = true;
        }

        if (!SkipBlankLines())
            return ParseStatus.NeedMore;
        if (_start == _end)
            return _eof ? ParseStatus.End : ParseStatus.NeedMore;

        var status = ParseFields(out int recordEnd, out long nextLine);
        if (status != ParseStatus.Record)
            return status;

        Line = _nextLine;
        if (!Utf8.IsValid(_buffer.AsSpan(_start, recordEnd - _start)))
            ThrowInvalidUtf8();
        _start = recordEnd;
        _nextLine = nextLine;
        return ParseStatus.Record;
    }

    /// <summary>Consumes empty lines before a record; false when a lone CR at the buffer end needs the next byte.</summary>
    private bool SkipBlankLines()
    {
        var data = _buffer.AsSpan(0, _end);
        while (_start < _end && data[_start] is (byte)'\n' or (byte)'\r')
        {
            if (data[_start] == '\r')
            {
                if (_start + 1 == _end && !_eof)
                    return false;
                if (_start + 1 < _end && data[_start + 1] == '\n')
                    _start++;
            }

            _start++;
            _nextLine++;
        }

        return true;
    }

    private ParseStatus ParseFields(out int recordEnd, out long nextLine)
    {
        var data = _buffer.AsSpan(0, _end);
        int lineEnd = data[_start..].IndexOfAny(PlainRecordStops);
        if (lineEnd >= 0 && data[_start + lineEnd] != '"')
            return ParsePlainRecord(data, _start + lineEnd, out recordEnd, out nextLine);
        var stops = new SeparatorScanner(data);
        int pos = _start;
        long line = _nextLine;
        int count = 0;
        recordEnd = 0;
        nextLine = 0;
        while (true)
        {
            long fieldLine = line;
            if (pos == _end)
            {
                // After a trailing comma: an empty last field, unless more text may follow.
                if (!_eof)
                    return ParseStatus.NeedMore;
                AddField(count++, pos, 0, false, fieldLine);
                break;
            }

            if (data[pos] == '"')
            {
                int contentStart = pos + 1;
                var quoted = ScanQuoted(data, ref pos, ref line, fieldLine, count + 1, out bool escaped);
                if (quoted == ParseStatus.NeedMore)
                    return ParseStatus.NeedMore;
                AddField(count++, contentStart, pos - 1 - contentStart, escaped, fieldLine);
                if (pos == _end)
                {
                    if (!_eof)
                        return ParseStatus.NeedMore;
                    break;
                }

                if (data[pos] == ',')
                {
                    pos++;
                    continue;
                }

                if (data[pos] is not ((byte)'\r' or (byte)'\n'))
                {
                    throw new CsvFormatException(
                        $"Line {fieldLine}, column {count}: a quoted field must be followed by a comma or the end of the line.",
                        fieldLine, count);
                }
            }
            else
            {
                int stop = stops.Next(pos);
                if (stop < 0)
                {
                    if (!_eof)
                        return ParseStatus.NeedMore;
                    AddField(count++, pos, _end - pos, false, fieldLine);
                    pos = _end;
                    break;
                }

                AddField(count++, pos, stop - pos, false, fieldLine);
                pos = stop;
                if (data[pos] == ',')
                {
                    pos++;
                    continue;
                }
            }

            // At CR or LF: the record ends.
            if (data[pos] == '\r')
            {
                if (pos + 1 == _end && !_eof)
                    return ParseStatus.NeedMore;
                pos++;
                if (pos < _end && data[pos] == '\n')
                    pos++;
            }
            else
            {
                pos++;
            }

            line++;
            break;
        }

        FieldCount = count;
        recordEnd = pos;
        nextLine = line;
        return ParseStatus.Record;
    }

    /// <summary>
    /// The common record: no quote before its line end at <paramref name="lineEnd"/> (in the buffer), so every comma
    /// before it ends a field and nothing else needs a look per field.
    /// </summary>
    private ParseStatus ParsePlainRecord(ReadOnlySpan<byte> data, int lineEnd, out int recordEnd, out long nextLine)
    {
        recordEnd = 0;
        nextLine = 0;
        if (data[lineEnd] == '\r' && lineEnd + 1 == _end && !_eof)
            return ParseStatus.NeedMore;
        var stops = new SeparatorScanner(data);
        int count = 0;
        int pos = _start;
        while (true)
        {
            int stop = stops.Next(pos);
            AddField(count++, pos, stop - pos, false, _nextLine);
            pos = stop + 1;
            if (stop == lineEnd)
                break;
        }

        if (data[lineEnd] == '\r' && pos < _end && data[pos] == '\n')
            pos++;
        FieldCount = count;
        recordEnd = pos;
        nextLine = _nextLine + 1;
        return ParseStatus.Record;
    }

    /// <summary>From an opening quote at <paramref name="pos"/> to just past the closing one.</summary>
    private ParseStatus ScanQuoted(ReadOnlySpan<byte> data, ref int pos, ref long line, long fieldLine, int column, out bool escaped)
    {
        escaped = false;
        pos++;
        while (true)
        {
            int stop = data[pos.._end].IndexOfAny(QuotedStops);
            if (stop < 0)
            {
                if (!_eof)
                    return ParseStatus.NeedMore;
                throw new CsvFormatException(
                    $"Line {fieldLine}, column {column}: the quoted field is not terminated before the end of the file.",
                    fieldLine, column);
            }

            pos += stop;
            if (data[pos] == '\n')
            {
                line++;
                pos++;
                continue;
            }

            if (pos + 1 == _end && !_eof)
                return ParseStatus.NeedMore;
            if (pos + 1 < _end && data[pos + 1] == '"')
            {
                escaped = true;
                pos += 2;
                continue;
            }

            pos++;
            return ParseStatus.Record;
        }
    }

    private void AddField(int index, int start, int length, bool escaped, long line)
    {
        if (index == _fields.Length)
            Array.Resize(ref _fields, _fields.Length * 2);
        _fields[index] = new CsvField(start, length, escaped, line);
    }

    private ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> raw)
    {
        if (_unescaped.Length < raw.Length)
            _unescaped = new byte[Math.Max(raw.Length, _unescaped.Length * 2)];
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            _unescaped[n++] = raw[i];
            if (raw[i] == '"')
                i++;
        }

        return _unescaped.AsSpan(0, n);
    }

    private void ThrowInvalidUtf8()
    {
        for (int i = 0; i < FieldCount; i++)
        {
            CsvField field = _fields[i];
            if (!Utf8.IsValid(_buffer.AsSpan(field.Start, field.Length)))
                throw new CsvFormatException($"Line {field.Line}, column {i + 1}: the text is not valid UTF-8.", field.Line, i + 1);
        }

        throw new CsvFormatException($"Line {Line}: the text is not valid UTF-8.", Line);
    }
}
