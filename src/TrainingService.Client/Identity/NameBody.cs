namespace TrainingService.Client;

/// <summary>The body of the key and tenant creations.</summary>
internal sealed record NameBody(string Name);
