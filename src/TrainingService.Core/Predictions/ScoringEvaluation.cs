using System.Runtime.InteropServices;
using TrainingService.Core.Datasets;
using TrainingService.Core.Evaluation;
using TrainingService.Core.Training.Preprocessing;

namespace TrainingService.Core.Predictions;

/// <summary>
/// What an asynchronous prediction keeps for its evaluation: the outputs and actual targets of the rows that carry
/// the target, up to a bound. <see cref="ModelEvaluator"/> needs them all at once (ROC AUC ranks every row, the
/// residual summary takes quantiles), so past the bound rows are counted in <see cref="Skipped"/> instead.
/// </summary>
internal sealed class ScoringEvaluation(TargetEncoding target, int maxRows)
{
    private readonly List<float> _outputs = [];
    private readonly List<double?> _actual = [];

    public int Kept => _actual.Count;

    public long Skipped { get; private set; }

    /// <summary>Keeps the rows of <paramref name="count"/> that carry <paramref name="targetColumn"/>'s value.</summary>
    /// <param name="outputs">The chunk's network outputs, <c>[count, OutputWidth]</c> at its start.</param>
    public void Add(float[] outputs, DatasetColumnData targetColumn, int count)
    {
        var actual = new double?[count];
        PredictionService.ReadActual(target, targetColumn, actual);
        int width = target.OutputWidth;
        for (int r = 0; r < count; r++)
        {
            if (actual[r] is null)
                continue;
            if (_actual.Count >= maxRows)
            {
                Skipped++;
                continue;
            }

            _actual.Add(actual[r]);
            _outputs.AddRange(outputs.AsSpan(r * width, width));
        }
    }

    /// <summary>The same evaluation a synchronous prediction of the kept rows stores; null when none carried the target.</summary>
    public ModelEvaluation? Evaluate() => ModelEvaluator.Evaluate(target, CollectionsMarshal.AsSpan(_outputs), _actual);
}
