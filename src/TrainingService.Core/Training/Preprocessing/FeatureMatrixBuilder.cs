using System.Runtime.CompilerServices;
using TrainingService.Core.Datasets;

namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// Builds the row-major input matrices of the training and validation rows straight from streamed column blocks
/// (<see cref="DatasetStore.StreamColumnBlocksAsync"/>): each numeric feature's raw value goes to its slot as it
/// arrives, and the training rows' statistics are gathered on the way. The columns are never all in memory next to
/// the matrices, which halves the memory a job touches before training; <see cref="FittedPreprocessing.EncodeInPlace"/>
/// finishes the encoding.
/// </summary>
public sealed class FeatureMatrixBuilder
{
    private const int Skipped = -1;

    // Per dataset row: its training row (>= 0), Skipped, or ValidationMark - its validation row.
    private const int ValidationMark = -2;

    private readonly int[] _destination;
    private readonly int[] _slots;
    private readonly int _width;
    private readonly bool _gatherStatistics;
    private readonly List<(int Column, int Chunk, NumericStatistics Statistics)> _parts = [];

    /// <param name="datasetRows">Rows in the dataset.</param>
    /// <param name="trainRows">Dataset rows of the training matrix, in matrix order.</param>
    /// <param name="validationRows">Dataset rows of the validation matrix, in matrix order.</param>
    /// <param name="slots">Per streamed column (positions as in <see cref="ColumnBlock.Columns"/>), its slot in a matrix row.</param>
    /// <param name="width">Values per matrix row.</param>
    /// <param name="gatherStatistics">Whether to summarise each column's training values (<see cref="Statistics"/>).</param>
    public FeatureMatrixBuilder(int datasetRows, int[] trainRows, int[] validationRows, int[] slots, int width, bool gatherStatistics)
    {
        _destination = new int[datasetRows];
        Array.Fill(_destination, Skipped);
        for (int i = 0; i < trainRows.Length; i++)
            _destination[trainRows[i]] = i;
        for (int i = 0; i < validationRows.Length; i++)
            _destination[validationRows[i]] = ValidationMark - i;
        (_slots, _width, _gatherStatistics) = (slots, width, gatherStatistics);
        Train = new float[(long)trainRows.Length * width];
        Validation = new float[(long)validationRows.Length * width];
    }

    public float[] Train { get; }

    public float[] Validation { get; }

    /// <summary>Takes one block; safe to call from several readers at once for different cells.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ColumnBlock block)
    {
        if (_gatherStatistics)
            GatherStatistics(block);
        int first = checked((int)block.FirstRow), rows = block.RowCount;
        var columns = block.Columns;
        var values = block.Values;
        for (int r = 0; r < rows; r++)
        {
            int destination = _destination[first + r];
            if (destination == Skipped)
                continue;
            var row = destination >= 0
                ? Train.AsSpan(destination * _width, _width)
                : Validation.AsSpan((ValidationMark - destination) * _width, _width);
            for (int c = 0, at = r; c < columns.Length; c++, at += rows)
                row[_slots[columns[c]]] = values[at];
        }
    }

    /// <summary>Per streamed column, its training values summarised in row order, whichever reader saw which chunk.</summary>
    public NumericStatistics[] Statistics(int columns)
    {
        var statistics = new NumericStatistics[columns];
        Array.Fill(statistics, new NumericStatistics());
        foreach (var part in _parts.OrderBy(p => p.Chunk))
            statistics[part.Column].Append(part.Statistics);
        return statistics;
    }

    private void GatherStatistics(ColumnBlock block)
    {
        int first = checked((int)block.FirstRow);
        for (int c = 0; c < block.Columns.Length; c++)
        {
            var statistics = new NumericStatistics();
            statistics.AddWhereSelected(block.Column(c), _destination.AsSpan(first, block.RowCount), first);
            lock (_parts)
                _parts.Add((block.Columns[c], block.ChunkIndex, statistics));
        }
    }
}
