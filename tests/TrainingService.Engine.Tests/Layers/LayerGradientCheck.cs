using TrainingService.Engine.Layers;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Layers;

/// <summary>Checks a layer's Backward (input and every parameter gradient) against finite differences of <c>Σ c·Forward(x)</c>.</summary>
internal static class LayerGradientCheck
{
    public static void Run(ILayer layer, float[] x, int batch, ulong seed, double h = 1e-2, Action? beforeForward = null)
    {
        layer.EnsureCapacity(batch);
        float[] c = TestData.Uniform(batch * layer.OutputSize, seed);
        foreach (Parameter p in layer.Parameters) p.ZeroGradient();
        beforeForward?.Invoke();
        layer.Forward(x, batch, training: true);
        float[] dx = layer.Backward(x, c, batch, computeInputGradient: true).ToArray();

        double Loss()
        {
            beforeForward?.Invoke();
            return GradientCheck.Dot(layer.Forward(x, batch, training: true), c);
        }

        GradientCheck.AssertClose(dx, GradientCheck.Numeric(x, Loss, h), $"{layer.Name} input");
        foreach (Parameter p in layer.Parameters)
            GradientCheck.AssertClose(p.Gradient, GradientCheck.Numeric(p.Value, Loss, h), p.Name);
    }
}
