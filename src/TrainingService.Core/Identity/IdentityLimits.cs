namespace TrainingService.Core.Identity;

public static class IdentityLimits
{
    /// <summary>Longest tenant or key name.</summary>
    public const int MaxNameLength = 100;
}
