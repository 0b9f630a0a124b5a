using System.Numerics.Tensors;
using TrainingService.Engine.Metrics;

namespace TrainingService.Engine.Training;

/// <summary>
/// Streams batches of (output, target) rows into the counts and sums the epoch metrics need, so metrics
/// over a whole epoch cost no per-batch allocation and no second pass.
/// </summary>
internal sealed class MetricsAccumulator
{
    private readonly TargetKind _kind;
    private readonly int _width;
    private readonly float _threshold;
    private readonly long[] _confusion;
    private readonly double[] _sse, _sae, _sum, _sumSq;
    private long _rows;

    /// <param name="kind">What the targets are, which decides the metrics kept.</param>
    /// <param name="width">Values per row of outputs and targets.</param>
    /// <param name="threshold">For binary targets: outputs above it predict 1 (0 for logits, 0.5 for probabilities).</param>
    public MetricsAccumulator(TargetKind kind, int width, float threshold = 0f)
    {
        (_kind, _width, _threshold) = (kind, width, threshold);
        int classes = kind switch { TargetKind.Categorical => width, TargetKind.Binary => 2, _ => 0 };
        _confusion = new long[classes * classes];
        int outputs = kind == TargetKind.Regression ? width : 0;
        (_sse, _sae, _sum, _sumSq) = (new double[outputs], new double[outputs], new double[outputs], new double[outputs]);
    }

    public void Reset()
    {
        _rows = 0;
        Array.Clear(_confusion);
        Array.Clear(_sse);
        Array.Clear(_sae);
        Array.Clear(_sum);
        Array.Clear(_sumSq);
    }

    /// <summary>Adds <paramref name="rows"/> rows of outputs and targets, both <c>[rows, width]</c>.</summary>
    public void Add(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows)
    {
        _rows += rows;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> o = outputs.Slice(r * _width, _width);
            ReadOnlySpan<float> t = targets.Slice(r * _width, _width);
            switch (_kind)
            {
                case TargetKind.Categorical:
                    _confusion[TensorPrimitives.IndexOfMax(t) * _width + TensorPrimitives.IndexOfMax(o)]++;
                    break;
                case TargetKind.Binary:
                    for (int c = 0; c < _width; c++)
                        _confusion[(t[c] > 0.5f ? 2 : 0) + (o[c] > _threshold ? 1 : 0)]++;
                    break;
                default:
                    for (int c = 0; c < _width; c++)
                    {
                        double d = (double)o[c] - t[c];
                        _sse[c] += d * d;
                        _sae[c] += Math.Abs(d);
                        _sum[c] += t[c];
                        _sumSq[c] += (double)t[c] * t[c];
                    }
                    break;
            }
        }
    }

    /// <summary>The metrics of everything added since the last <see cref="Reset"/>.</summary>
    public IReadOnlyDictionary<string, double> Result()
    {
        if (_kind == TargetKind.Regression)
        {
            double sse = _sse.Sum(), n = (double)_rows * _width, r2 = 0;
            for (int c = 0; c < _width; c++)
                r2 += RegressionMetrics.R2FromSums(_sse[c], _sum[c], _sumSq[c], _rows);
            return new Dictionary<string, double>
            {
                [MetricNames.Mse] = sse / n,
                [MetricNames.Rmse] = Math.Sqrt(sse / n),
                [MetricNames.Mae] = _sae.Sum() / n,
                [MetricNames.R2] = r2 / _width,
            };
        }
        int classes = _kind == TargetKind.Binary ? 2 : _width;
        var (precision, recall, f1) = ClassificationMetrics.MacroAverage(_confusion, classes);
        return new Dictionary<string, double>
        {
            [MetricNames.Accuracy] = ClassificationMetrics.Accuracy(_confusion, classes),
            [MetricNames.MacroPrecision] = precision,
            [MetricNames.MacroRecall] = recall,
            [MetricNames.MacroF1] = f1,
        };
    }
}
