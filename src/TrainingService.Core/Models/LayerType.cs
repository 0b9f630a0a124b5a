namespace TrainingService.Core.Models;

/// <summary>The <c>type</c> values of a hidden layer on the wire.</summary>
public enum LayerType
{
    Dense,
    Dropout,
    BatchNormalization,
}
