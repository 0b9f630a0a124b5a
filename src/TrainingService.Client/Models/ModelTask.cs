namespace TrainingService.Client;

/// <summary>What a model predicts.</summary>
public enum ModelTask
{
    Classification,
    Regression,
}
