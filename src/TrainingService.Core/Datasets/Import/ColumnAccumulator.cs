using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// One column during an import: infers its type, keeps its statistics and fills the current block of float32
/// values (a chunk waiting to be written).
/// </summary>
/// <remarks>
/// Memory: a column holds two blocks (rows per chunk × 4 bytes: one being filled, one being written) and, once
/// categorical, its dictionary; never the column's text. A column starts numeric. At its first non-numeric value it becomes categorical on the spot if
/// every earlier value was missing (nothing to redo). If numbers came before, their original text is gone, so the
/// column is <see cref="ColumnState.Deferred"/>: it is ignored for the rest of this pass and rebuilt afterwards by a
/// second pass over the spooled CSV text, in first-seen category order as if it had been categorical all along.
/// </remarks>
internal sealed class ColumnAccumulator
{
    /// <summary>Most categories a column may have: float32 holds every integer exactly only up to 2^24.</summary>
    public const int MaxCategories = 1 << 24;

    private readonly Dictionary<string, int> _categoryIndex = new(StringComparer.Ordinal);
    private readonly List<string> _categories = [];
    private byte[] _block;
    private byte[]? _spare;
    private char[] _chars = new char[64];
    private long _count;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    public ColumnAccumulator(string name, int ordinal, int rowsPerChunk, bool categorical)
    {
        Name = name;
        Ordinal = ordinal;
        State = categorical ? ColumnState.Categorical : ColumnState.Numeric;
        _block = new byte[rowsPerChunk * sizeof(float)];
    }

    public string Name { get; }

    public int Ordinal { get; }

    public ColumnState State { get; private set; }

    public long MissingCount { get; private set; }

    /// <summary>
    /// The block's first <paramref name="rows"/> values as little-endian float32 bytes (the layout of a stored chunk),
    /// handed over: the next rows go into a second block, so the chunk can be written while they are read. The
    /// returned block is filled again by the call after next, so the caller must be done with it by then.
    /// </summary>
    public ArraySegment<byte> TakeBlock(int rows)
    {
        var full = new ArraySegment<byte>(_block, 0, rows * sizeof(float));
        _spare ??= new byte[_block.Length];
        (_block, _spare) = (_spare, _block);
        return full;
    }

    /// <summary>Adds the value of row <paramref name="row"/> of the block; false when the column has too many categories.</summary>
    public bool Add(ReadOnlySpan<byte> field, int row)
    {
        Span<float> values = MemoryMarshal.Cast<byte, float>(_block.AsSpan());
        // The common case first: a plain number is never missing, and SimpleNumber gives what double.TryParse would.
        if (State == ColumnState.Numeric && SimpleNumber.TryParse(field, out double simple))
        {
            AddNumber(simple);
            values[row] = (float)simple;
            return true;
        }

        if (State == ColumnState.Deferred)
            return true;
        if (IsMissing(field))
        {
            MissingCount++;
            values[row] = float.NaN;
            return true;
        }

        if (State == ColumnState.Numeric)
        {
            // "Infinity" or 1e999 make the column categorical: statistics and training need finite numbers.
            // REVIEW: float32 keeps ~7 significant digits and overflows past 3.4e38 (stored as ±Infinity);
            // the statistics are computed from the exact double values.
            if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
            {
                AddNumber(number);
                values[row] = (float)number;
                return true;
            }

            if (_count > 0)
            {
                State = ColumnState.Deferred;
                return true;
            }

            State = ColumnState.Categorical;
        }

        int index = AddCategory(field);
        values[row] = index;
        return index < MaxCategories;
    }

    /// <summary>The column's metadata once every row was added.</summary>
    public DatasetColumn ToColumn(Guid datasetId)
    {
        bool numeric = State == ColumnState.Numeric;
        bool any = _count > 0;
        return new DatasetColumn
        {
            DatasetId = datasetId,
            Ordinal = Ordinal,
            Name = Name,
            Type = numeric ? ColumnType.Numeric : ColumnType.Categorical,
            MissingCount = MissingCount,
            Min = numeric && any ? _min : null,
            Max = numeric && any ? _max : null,
            Mean = numeric && any ? _mean : null,
            Std = numeric && any ? Math.Sqrt(_m2 / _count) : null,
            Categories = numeric ? null : [.. _categories],
        };
    }

    /// <summary>Empty or blank, <c>NA</c>, <c>NaN</c> or <c>null</c> (any case, surrounding blanks ignored).</summary>
    public static bool IsMissing(ReadOnlySpan<byte> field)
    {
        var value = field.Trim(" \t"u8);
        return value.Length == 0
            || Ascii.EqualsIgnoreCase(value, "NA"u8)
            || Ascii.EqualsIgnoreCase(value, "NaN"u8)
            || Ascii.EqualsIgnoreCase(value, "null"u8);
    }

    // Welford's update: one pass, numerically stable, no values kept.
    private void AddNumber(double x)
    {
        _count++;
        double delta = x - _mean;
        _mean += delta / _count;
        _m2 += delta * (x - _mean);
        _min = Math.Min(_min, x);
        _max = Math.Max(_max, x);
    }

    private int AddCategory(ReadOnlySpan<byte> field)
    {
        // The reader validated UTF-8 already; decoding into a reused buffer lets a known category be found
        // without allocating a string per cell.
        if (_chars.Length < field.Length)
            _chars = new char[Math.Max(field.Length, _chars.Length * 2)];
        int length = Encoding.UTF8.GetChars(field, _chars);
        ReadOnlySpan<char> text = _chars.AsSpan(0, length);
        var lookup = _categoryIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(text, out int index))
        {
            index = _categories.Count;
            string category = text.ToString();
            _categoryIndex.Add(category, index);
            _categories.Add(category);
        }

        return index;
    }
}
