using TrainingService.Engine.Activations;

namespace TrainingService.Engine.Tests.Activations;

/// <summary>Plain double-precision activations and their backward passes, row by row.</summary>
internal static class ActivationReference
{
    private const double K = 0.7978845608028654, C = 0.044715;

    public static double[] Forward(ActivationKind kind, float alpha, float[] x, int batch, int width)
    {
        var y = new double[batch * width];
        for (int r = 0; r < batch; r++)
        {
            if (kind == ActivationKind.Softmax)
            {
                double max = double.NegativeInfinity, sum = 0;
                for (int j = 0; j < width; j++) max = Math.Max(max, x[r * width + j]);
                for (int j = 0; j < width; j++) sum += Math.Exp(x[r * width + j] - max);
                for (int j = 0; j < width; j++) y[r * width + j] = Math.Exp(x[r * width + j] - max) / sum;
                continue;
            }
            for (int j = 0; j < width; j++) y[r * width + j] = Scalar(kind, alpha, x[r * width + j]);
        }
        return y;
    }

    public static double[] Backward(ActivationKind kind, float alpha, float[] x, float[] dy, int batch, int width)
    {
        var dx = new double[batch * width];
        double[] y = Forward(kind, alpha, x, batch, width);
        for (int r = 0; r < batch; r++)
        {
            if (kind == ActivationKind.Softmax)
            {
                double dot = 0;
                for (int j = 0; j < width; j++) dot += dy[r * width + j] * y[r * width + j];
                for (int j = 0; j < width; j++) dx[r * width + j] = y[r * width + j] * (dy[r * width + j] - dot);
                continue;
            }
            for (int j = 0; j < width; j++) dx[r * width + j] = dy[r * width + j] * Derivative(kind, alpha, x[r * width + j]);
        }
        return dx;
    }

    private static double Scalar(ActivationKind kind, double a, double x) => kind switch
    {
        ActivationKind.Linear => x,
        ActivationKind.Relu => Math.Max(x, 0),
        ActivationKind.LeakyRelu => x > 0 ? x : a * x,
        ActivationKind.Elu => x > 0 ? x : a * (Math.Exp(x) - 1),
        ActivationKind.Gelu => 0.5 * x * (1 + Math.Tanh(K * (x + C * x * x * x))),
        ActivationKind.Sigmoid => 1 / (1 + Math.Exp(-x)),
        ActivationKind.Tanh => Math.Tanh(x),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static double Derivative(ActivationKind kind, double a, double x)
    {
        switch (kind)
        {
            case ActivationKind.Linear: return 1;
            case ActivationKind.Relu: return x > 0 ? 1 : 0;
            case ActivationKind.LeakyRelu: return x > 0 ? 1 : a;
            case ActivationKind.Elu: return x > 0 ? 1 : a * Math.Exp(x);
            case ActivationKind.Sigmoid:
                double s = 1 / (1 + Math.Exp(-x));
                return s * (1 - s);
            case ActivationKind.Tanh:
                double t = Math.Tanh(x);
                return 1 - t * t;
            case ActivationKind.Gelu:
                double u = Math.Tanh(K * (x + C * x * x * x));
                return 0.5 * (1 + u) + 0.5 * x * (1 - u * u) * K * (1 + 3 * C * x * x);
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
