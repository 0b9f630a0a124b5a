namespace TrainingService.Core.Models;

/// <summary>A create request that passed validation: its name and its definition with every default filled in.</summary>
internal sealed record ValidatedModel(string Name, ModelDefinition Definition);
