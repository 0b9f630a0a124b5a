namespace TrainingService.Engine.Initializers;

/// <summary>Weight initialization schemes. Numeric values are part of the model file format.</summary>
public enum InitializerKind
{
    /// <summary>Normal, σ = √(2 / fanIn). Suits ReLU-family activations.</summary>
    HeNormal = 0,

    /// <summary>Uniform in ±√(6 / fanIn).</summary>
    HeUniform = 1,

    /// <summary>Normal, σ = √(2 / (fanIn + fanOut)).</summary>
    GlorotNormal = 2,

    /// <summary>Uniform in ±√(6 / (fanIn + fanOut)). The default, as in Keras.</summary>
    GlorotUniform = 3,

    /// <summary>Normal, σ = √(1 / fanIn). Suits SELU/tanh-like activations.</summary>
    LecunNormal = 4,
}
