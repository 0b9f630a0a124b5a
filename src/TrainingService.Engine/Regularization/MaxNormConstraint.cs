using System.Numerics.Tensors;

namespace TrainingService.Engine.Regularization;

/// <summary>
/// Max-norm constraint (Srebro et al.; used with dropout by Srivastava et al.): after each optimizer step,
/// every unit's incoming weight vector — a column of a row-major <c>[in, out]</c> weight matrix — whose
/// L2 norm exceeds the bound is scaled back onto it. Applies to <see cref="Parameter.IsWeight"/>
/// parameters, using <see cref="Parameter.MaxNorm"/> when set and the global bound otherwise.
/// Holds one scratch row, so applying it allocates nothing after the first call.
/// </summary>
public sealed class MaxNormConstraint
{
    private float[] _columnScale = [];

    /// <summary>Clamps column norms in place; <paramref name="globalMaxNorm"/> null means only per-parameter bounds apply.</summary>
    public void Apply(IReadOnlyList<Parameter> parameters, float? globalMaxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        for (int i = 0; i < parameters.Count; i++)
        {
            Parameter parameter = parameters[i];
            float? bound = parameter.MaxNorm ?? globalMaxNorm;
            if (parameter.IsWeight && bound is { } maxNorm)
                Clamp(parameter, maxNorm);
        }
    }

    private void Clamp(Parameter parameter, float maxNorm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        int cols = parameter.Cols;
        if (_columnScale.Length < cols)
            _columnScale = new float[cols];
        Span<float> scale = _columnScale.AsSpan(0, cols);
        Span<float> w = parameter.Value;

        // Column norms are accumulated row by row so the inner loop runs over contiguous memory.
        scale.Clear();
        for (int r = 0; r < parameter.Rows; r++)
        {
            Span<float> row = w.Slice(r * cols, cols);
            TensorPrimitives.MultiplyAdd(row, row, scale, scale);
        }
        bool any = false;
        for (int c = 0; c < cols; c++)
        {
            float norm = MathF.Sqrt(scale[c]);
            bool over = norm > maxNorm;
            scale[c] = over ? maxNorm / norm : 1f;
            any |= over;
        }
        if (!any)
            return;
        for (int r = 0; r < parameter.Rows; r++)
        {
            Span<float> row = w.Slice(r * cols, cols);
            TensorPrimitives.Multiply(row, scale, row);
        }
    }
}
