namespace TrainingService.Core.Datasets;

/// <summary>A stored chunk, or the slice of it a query asked for: <see cref="Rows"/> values from row <see cref="FirstRow"/> on.</summary>
internal readonly record struct ChunkHeader(int Column, int Index, ChunkValueFormat Format, long FirstRow, int Rows);
