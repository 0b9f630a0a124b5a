namespace TrainingService.Core.Identity;

/// <summary>The request's key, taken from <see cref="ApiKeyCache"/>, was revoked meanwhile: the Api answers 401 as for an unknown key.</summary>
public sealed class ApiKeyRevokedException() : Exception("The API key is unknown or has been revoked.");
