namespace TrainingService.Engine.Serialization;

/// <summary>A model file cannot be read: not a model, truncated, corrupt, or of a newer format version.</summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
