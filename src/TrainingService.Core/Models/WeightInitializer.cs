namespace TrainingService.Core.Models;

/// <summary>Weight initialization schemes (all seeded by the definition's seed).</summary>
public enum WeightInitializer
{
    He,
    Glorot,
    Lecun,
}
