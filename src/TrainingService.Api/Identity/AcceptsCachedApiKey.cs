namespace TrainingService.Api.Identity;

/// <summary>
/// Endpoint metadata: the route may authenticate with a key from <see cref="Core.Identity.ApiKeyCache"/>, because its
/// handler checks the key again in the statement that stores its result and confirms it before anything else it does
/// (<see cref="Core.Identity.CallerKey"/>). Only <c>POST /api/models/{id}/predictions</c> carries it (ADR-022).
/// </summary>
public sealed class AcceptsCachedApiKey
{
    public static readonly AcceptsCachedApiKey Instance = new();
}
