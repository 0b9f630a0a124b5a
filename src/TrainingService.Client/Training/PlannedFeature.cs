namespace TrainingService.Client;

/// <summary>One feature column of a plan and the number of inputs it becomes.</summary>
public sealed record PlannedFeature(string Column, ColumnType Type, PlannedEncoding Encoding, int Width);
