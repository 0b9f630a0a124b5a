using TrainingService.Engine;

namespace TrainingService.Core.Training.Preprocessing;

/// <summary>Seeded train/validation split of row indices; stratified by class so rare classes appear on both sides.</summary>
public static class DataSplit
{
    /// <param name="rows">Rows that have a target.</param>
    /// <param name="classOfRow">Class index per entry of <paramref name="rows"/> for a stratified split; null for a plain one.</param>
    public static (int[] Train, int[] Validation) Split(int[] rows, int[]? classOfRow, double validationShare, long seed)
    {
        if (validationShare <= 0)
            return (rows, []);
        var random = new SeededRandom((ulong)seed ^ 0x5EED_5917UL);
        var groups = classOfRow is null
            ? [Enumerable.Range(0, rows.Length).ToArray()]
            : Enumerable.Range(0, rows.Length).GroupBy(i => classOfRow[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        var train = new List<int>(rows.Length);
        var validation = new List<int>((int)(rows.Length * validationShare) + groups.Length);
        foreach (int[] group in groups)
        {
            random.Shuffle(group);
            int take = (int)Math.Round(group.Length * validationShare, MidpointRounding.AwayFromZero);
            // Keep at least one row of every class for training, or the class could never be learned.
            take = Math.Min(take, group.Length - 1);
            for (int i = 0; i < group.Length; i++)
                (i < take ? validation : train).Add(rows[group[i]]);
        }

        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }

    /// <summary>
    /// Fold <paramref name="fold"/> of a seeded k-fold partition as the validation rows, the other folds as training
    /// rows. Each class (or all rows, without <paramref name="classOfRow"/>) is shuffled by the seed and dealt round
    /// robin into the folds, the deal starting where the previous class's ended: every fold gets its share of every
    /// class (±1 row) and the fold sizes differ by at most one. The same seed gives the same folds for every fold index.
    /// </summary>
    public static (int[] Train, int[] Validation) Fold(int[] rows, int[]? classOfRow, int folds, int fold, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(fold);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fold, folds);
        var random = new SeededRandom((ulong)seed ^ 0xF01D_5EEDUL);
        var groups = classOfRow is null
            ? [Enumerable.Range(0, rows.Length).ToArray()]
            : Enumerable.Range(0, rows.Length).GroupBy(i => classOfRow[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        var train = new List<int>(rows.Length);
        var validation = new List<int>(rows.Length / folds + 1);
        int next = 0;
        foreach (int[] group in groups)
        {
            random.Shuffle(group);
            foreach (int i in group)
            {
                (next == fold ? validation : train).Add(rows[i]);
                next = (next + 1) % folds;
            }
        }

        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }
}
