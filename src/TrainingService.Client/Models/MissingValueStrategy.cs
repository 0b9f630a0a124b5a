namespace TrainingService.Client;

/// <summary>What training does with a missing numeric feature value.</summary>
public enum MissingValueStrategy
{
    Mean,
    Zero,
    Error,
}
