namespace TrainingService.Core.Identity;

/// <summary>A key just created: the stored row and the key itself, which is shown this once and never again.</summary>
public sealed record IssuedKey(ApiKey Row, string Key);
