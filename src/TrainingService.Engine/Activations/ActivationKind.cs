namespace TrainingService.Engine.Activations;

/// <summary>The activation functions the engine provides. Numeric values are part of the model file format.</summary>
public enum ActivationKind
{
    /// <summary><c>f(x) = x</c>.</summary>
    Linear = 0,

    /// <summary><c>max(x, 0)</c>.</summary>
    Relu = 1,

    /// <summary><c>x &gt; 0 ? x : αx</c>, α (the slope) defaults to 0.01 and must be ≥ 0.</summary>
    LeakyRelu = 2,

    /// <summary><c>x &gt; 0 ? x : α(eˣ − 1)</c>, α defaults to 1 and must be &gt; 0.</summary>
    Elu = 3,

    /// <summary>GELU, tanh approximation: <c>½x(1 + tanh(√(2/π)(x + 0.044715x³)))</c>.</summary>
    Gelu = 4,

    /// <summary><c>1 / (1 + e⁻ˣ)</c>.</summary>
    Sigmoid = 5,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh = 6,

    /// <summary>Row-wise softmax over the features of each sample, shifted by the row maximum for stability.</summary>
    Softmax = 7,
}
