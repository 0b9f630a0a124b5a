namespace TrainingService.Client;

/// <summary>One row of the engine's layer table, output layer included.</summary>
public sealed record LayerSummary(int Index, string Name, string Type, int OutputSize, long ParameterCount);
