namespace TrainingService.Core.Models;

/// <summary>Bounds a definition must stay within.</summary>
public static class ModelDefinitionLimits
{
    public const int NameMaxLength = 256;

    public const int MaxLayers = 64;

    public const int MaxUnits = 65536;

    public const int MaxFeatureColumns = 100_000;

    /// <summary>2^53 − 1: larger integers lose digits in JavaScript and other double-based JSON clients.</summary>
    public const long MaxSeed = 9_007_199_254_740_991;
}
