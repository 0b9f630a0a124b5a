namespace TrainingService.Api.Infrastructure;

/// <summary>The shared rules for <c>offset</c>/<c>limit</c> query parameters.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 1000;

    /// <summary>Null when valid; otherwise validation errors keyed by the parameter name.</summary>
    /// <param name="offsetName">The starting point's parameter: <c>offset</c>, or <c>since</c> for the history's epoch.</param>
    public static Dictionary<string, string[]>? Validate(int offset, int limit, string offsetName = "offset")
    {
        var errors = new Dictionary<string, string[]>();
        if (offset < 0)
            errors[offsetName] = [$"{offsetName} must be 0 or more."];
        if (limit is < 1 or > MaxLimit)
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        return errors.Count == 0 ? null : errors;
    }
}
