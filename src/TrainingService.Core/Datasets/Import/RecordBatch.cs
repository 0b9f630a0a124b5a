namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// Adds records to their columns a batch at a time: each record's fields are parsed into one row of a row-major
/// buffer of doubles, and when the batch is full every column takes its values of all the batch's rows at once
/// (statistics, then the float32 store into its block).
/// </summary>
/// <remarks>
/// Adding a record's 785 values to 785 columns one value at a time touches every column's state and block for each
/// row; a batch touches them once per batch, and lets adjacent numeric columns update their statistics together
/// (<see cref="ColumnStatistics"/>). Every column still takes its values in row order, so what is stored, and every
/// statistic, is what a value-at-a-time pass gives. Memory: one batch of doubles, at most
/// <see cref="BatchValues"/> (256 KiB), on top of the columns' blocks.
/// </remarks>
internal sealed class RecordBatch
{
    private const int BatchValues = 32 * 1024;

    private readonly ColumnAccumulator[] _columns;
    private readonly ColumnStatistics _statistics;
    private readonly int[] _ordinals;
    private readonly bool[] _numeric;
    private readonly double[] _values;
    private readonly int _width;
    private int _rows;

    public RecordBatch(ColumnAccumulator[] columns)
    {
        _columns = columns;
        _width = columns.Length;
        _statistics = new ColumnStatistics(_width);
        // Per field only these two small arrays are read, not 785 column objects scattered in memory.
        _ordinals = [.. columns.Select(c => c.Ordinal)];
        _numeric = [.. columns.Select(c => c.State == ColumnState.Numeric)];
        Capacity = Math.Max(1, BatchValues / Math.Max(1, _width));
        _values = new double[Capacity * _width];
    }

    /// <summary>Records a batch holds; <see cref="Flush"/> before adding more.</summary>
    public int Capacity { get; }

    /// <summary>Records added since the last <see cref="Flush"/>.</summary>
    public int Count => _rows;

    /// <summary>
    /// Parses the current record of <paramref name="reader"/> (its field count already checked) into the batch.
    /// Throws <see cref="CsvFormatException"/> when a column passes <see cref="ColumnAccumulator.MaxCategories"/>.
    /// </summary>
    public void Add(CsvRecordReader reader)
    {
        var row = _values.AsSpan(_rows * _width, _width);
        for (int k = AddShortNumbers(reader, row, 0); k < row.Length; k = AddShortNumbers(reader, row, k + 1))
        {
            var field = reader.GetField(_ordinals[k]);
            // SimpleNumber gives what double.TryParse would, and a plain number is never missing.
            row[k] = _numeric[k] && SimpleNumber.TryParse(field, out double number) ? number : AddOther(reader, _columns[k], k, field);
        }

        _rows++;
    }

    /// <summary>
    /// Parses the record's fields from <paramref name="k"/> on into <paramref name="row"/> while they are one to three
    /// digits in numeric columns (most fields of most numeric CSVs); returns the first that is not.
    /// </summary>
    /// <remarks>No call in the loop, so the JIT keeps everything in registers.</remarks>
    private int AddShortNumbers(CsvRecordReader reader, Span<double> row, int k)
    {
        var fields = reader.Fields;
        var text = reader.Buffer;
        var ordinals = _ordinals.AsSpan(0, row.Length);
        var numeric = _numeric.AsSpan(0, row.Length);
        for (; k < row.Length; k++)
        {
            CsvField field = fields[ordinals[k]];
            if (!numeric[k] || field.HasEscapedQuotes || !SimpleNumber.TryParseShort(text.Slice(field.Start, field.Length), out double number))
                break;
            row[k] = number;
        }

        return k;
    }

    /// <summary>
    /// Hands the batch's rows to their columns: statistics, and values stored in each column's block from row
    /// <paramref name="blockRow"/> on. Deferred columns are skipped: they are rebuilt by a second pass.
    /// </summary>
    public void Flush(int blockRow)
    {
        int lanes = 2 * ColumnStatistics.Lanes;
        int k = 0;
        if (lanes > 2)
        {
            for (; k <= _width - lanes; k += lanes)
            {
                if (_numeric.AsSpan(k, lanes).IndexOf(false) < 0)
                    _statistics.AddVectors(_values, _rows, _width, k);
                else
                    AddScalar(k, lanes);
            }
        }

        AddScalar(k, _width - k);
        for (k = 0; k < _width; k++)
        {
            if (_columns[k].State != ColumnState.Deferred)
                Store(k, _columns[k].BlockValues.Slice(blockRow, _rows));
        }

        _rows = 0;
    }

    /// <summary>Each column's metadata once every row was added and flushed.</summary>
    public DatasetColumn[] ToColumns(Guid datasetId) =>
        [.. _columns.Select((c, k) => c.ToColumn(datasetId, _statistics.Summary(k)))];

    private void AddScalar(int first, int count)
    {
        for (int k = first; k < first + count; k++)
        {
            if (_columns[k].State == ColumnState.Numeric)
                _statistics.AddScalar(_values, _rows, _width, k);
        }
    }

    /// <summary>Column <paramref name="k"/>'s values of the batch, as float32, into <paramref name="block"/>.</summary>
    private void Store(int k, Span<float> block)
    {
        var values = _values.AsSpan(k);
        for (int r = 0; r < block.Length; r++)
            block[r] = (float)values[r * _width];
    }

    private double AddOther(CsvRecordReader reader, ColumnAccumulator column, int k, ReadOnlySpan<byte> field)
    {
        var outcome = column.TryAddOther(field, out double value);
        if (outcome == OtherField.Text)
        {
            column.StartText(afterNumbers: _statistics.Count(k) > 0 || HasNumbers(k));
            _numeric[k] = false;
            outcome = column.TryAddOther(field, out value);
        }

        if (outcome == OtherField.TooManyCategories)
        {
            throw new CsvFormatException(
                $"Line {reader.Line}, column {column.Ordinal + 1}: the column has more than {ColumnAccumulator.MaxCategories} distinct values.",
                reader.Line, column.Ordinal + 1);
        }

        return value;
    }

    /// <summary>Whether column <paramref name="k"/>, numeric until this record, has a number in the batch's earlier rows.</summary>
    private bool HasNumbers(int k)
    {
        for (int r = 0; r < _rows; r++)
        {
            if (!double.IsNaN(_values[(r * _width) + k]))
                return true;
        }

        return false;
    }
}
