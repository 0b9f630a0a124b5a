using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace TrainingService.Core.Datasets.Import;

/// <summary>
/// One column during an import: infers its type, counts its missing values, keeps its categories and holds the
/// current block of float32 values (a chunk waiting to be written). Plain numbers are parsed, and statistics kept,
/// by <see cref="RecordBatch"/>; the rest comes here through <see cref="TryAddOther"/>.
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

    /// <summary>
    /// The value to store for a field that is not a plain number of a still-numeric column (those
    /// <see cref="RecordBatch"/> parses itself): NaN for a missing value (counted) or while the column is deferred, a
    /// number, or a category index. At the first text of a numeric column it returns <see cref="OtherField.Text"/>
    /// and changes nothing: the caller, who holds the column's earlier numbers, calls <see cref="StartText"/> and
    /// then this again.
    /// </summary>
    public OtherField TryAddOther(ReadOnlySpan<byte> field, out double value)
    {
        value = double.NaN;
        if (State == ColumnState.Deferred)
            return OtherField.Value;
        if (IsMissing(field))
        {
            MissingCount++;
            return OtherField.Value;
        }

        if (State == ColumnState.Numeric)
        {
            // "Infinity" or 1e999 make the column categorical: statistics and training need finite numbers.
            // REVIEW: float32 keeps ~7 significant digits and overflows past 3.4e38 (stored as ±Infinity);
            // the statistics are computed from the exact double values.
            if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
            {
                value = number;
                return OtherField.Value;
            }

            return OtherField.Text;
        }

        int index = AddCategory(field);
        value = index;
        return index < MaxCategories ? OtherField.Value : OtherField.TooManyCategories;
    }

    /// <summary>The column met its first text: deferred if numbers came before it, else categorical from here on.</summary>
    public void StartText(bool afterNumbers) => State = afterNumbers ? ColumnState.Deferred : ColumnState.Categorical;

    /// <summary>The block's values, to be filled for the rows of the current chunk.</summary>
    public Span<float> BlockValues => MemoryMarshal.Cast<byte, float>(_block.AsSpan());

    /// <summary>The column's metadata once every row was added; <paramref name="summary"/> of its numbers, if any.</summary>
    public DatasetColumn ToColumn(Guid datasetId, (double Min, double Max, double Mean, double Std)? summary)
    {
        bool numeric = State == ColumnState.Numeric;
        var numbers = numeric ? summary : null;
        return new DatasetColumn
        {
            DatasetId = datasetId,
            Ordinal = Ordinal,
            Name = Name,
            Type = numeric ? ColumnType.Numeric : ColumnType.Categorical,
            MissingCount = MissingCount,
            Min = numbers?.Min,
            Max = numbers?.Max,
            Mean = numbers?.Mean,
            Std = numbers?.Std,
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
