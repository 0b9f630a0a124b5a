namespace TrainingService.Core.Models;

/// <summary>What a create-model request came to: stored with every default filled in, or refused field by field.</summary>
public abstract record CreateModelOutcome
{
    public sealed record Created(Model Model, ModelDefinition Definition) : CreateModelOutcome;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : CreateModelOutcome;
}
