namespace TrainingService.Client;

/// <summary>Weight initialization schemes.</summary>
public enum WeightInitializer
{
    He,
    Glorot,
    Lecun,
}
