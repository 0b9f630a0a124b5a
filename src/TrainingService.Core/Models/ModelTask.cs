namespace TrainingService.Core.Models;

/// <summary>What the network predicts; it decides the output layer and the default loss.</summary>
public enum ModelTask
{
    Classification,
    Regression,
}
