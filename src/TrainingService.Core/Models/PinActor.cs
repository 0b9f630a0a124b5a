namespace TrainingService.Core.Models;

/// <summary>
/// Who changed a production pin, from the caller's identity: an API key (<see cref="Kind"/> <c>apiKey</c>, its id and
/// name) or a JWT (<c>jwt</c>, its subject and name claim when it has one).
/// </summary>
public sealed record PinActor(string Kind, string Id, string? Name);
